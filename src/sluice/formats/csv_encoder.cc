// CsvRowEncoder: one row as one CSV line. A field is quoted only when it has to be (it holds the
// delimiter, the quote or escape character, a line break, or leading/trailing spaces); NULL is
// written as 'csv.null-literal' or as an empty field.
#include "sluice/formats/csv_format.h"
#include "sluice/formats/text_codec.h"

namespace sluice::formats {
namespace {

class CsvRowEncoder final : public RowEncoder {
 public:
  CsvRowEncoder(types::SchemaPtr schema, const CsvOptions& options)
      : schema_(std::move(schema)), options_(options) {}

  void Encode(const types::Batch& batch, size_t row, std::string* out) override {
    for (size_t i = 0; i < schema_->size(); ++i) {
      if (i > 0) out->push_back(options_.field_delimiter);
      const types::Column& column = *batch.columns[i];
      if (column.IsNull(row)) {
        if (options_.null_literal) out->append(*options_.null_literal);
        continue;
      }
      if (column.type().IsString()) {
        AppendField(column.strings()[row], out);
      } else {
        text_.clear();
        AppendValueText(column, row, TimestampStandard::kSql, &text_);
        AppendField(text_, out);
      }
    }
  }

 private:
  bool IsSpecial(char c) const {
    return c == options_.field_delimiter || c == '\n' || c == '\r' ||
           (options_.quote_character && c == *options_.quote_character) ||
           (options_.escape_character && c == *options_.escape_character);
  }

  void AppendField(std::string_view text, std::string* out) {
    bool needs_quoting = !text.empty() && (text.front() == ' ' || text.back() == ' ');
    for (char c : text) {
      if (IsSpecial(c)) {
        needs_quoting = true;
        break;
      }
    }
    if (!needs_quoting) {
      out->append(text);
      return;
    }
    if (options_.quote_character) {
      const char quote = *options_.quote_character;
      out->push_back(quote);
      for (char c : text) {
        if (options_.escape_character && (c == *options_.escape_character || c == quote)) {
          out->push_back(*options_.escape_character);
        } else if (c == quote) {
          out->push_back(quote);  // RFC 4180: a quote inside quotes is doubled
        }
        out->push_back(c);
      }
      out->push_back(quote);
      return;
    }
    // No quoting: escape special characters if there is an escape character, else write as is.
    for (char c : text) {
      if (options_.escape_character && IsSpecial(c)) out->push_back(*options_.escape_character);
      out->push_back(c);
    }
  }

  types::SchemaPtr schema_;
  CsvOptions options_;
  std::string text_;  // reused per field
};

}  // namespace

std::unique_ptr<RowEncoder> MakeCsvRowEncoder(types::SchemaPtr schema, const CsvOptions& options) {
  return std::make_unique<CsvRowEncoder>(std::move(schema), options);
}

}  // namespace sluice::formats
