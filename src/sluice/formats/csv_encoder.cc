// CsvRowEncoder: one row as one CSV line, quoted as Flink's csv format (Jackson's CsvEncoder with
// its default, non-strict quoting check) writes it: a value written as text (strings, DECIMAL,
// DATE, TIME, TIMESTAMP, BYTES) is quoted when it is longer than 24 characters or holds a
// character below max(delimiter, quote) + 1, e.g. a space, a quote or the delimiter itself
// ("2021-04-13 20:12:11" is quoted); numbers and booleans are written as they are. NULL is
// written as 'csv.null-literal' or as an empty field.
#include <algorithm>

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
        AppendField(column.strings()[row], /*as_text=*/true, out);
      } else {
        text_.clear();
        AppendValueText(column, row, TimestampStandard::kSql, &text_);
        AppendField(text_, WrittenAsText(column.type()), out);
      }
    }
  }

 private:
  // Jackson writes these through its String path (with the quoting check); the others as raw
  // numbers and booleans.
  static bool WrittenAsText(const types::DataType& type) {
    return !(type.IsInteger() || type.IsApproximate() || type.id == types::TypeId::kBoolean);
  }

  // Jackson's CsvEncoder._mayNeedQuotes without STRICT_CHECK_FOR_QUOTING: longer than 24 UTF-16
  // units, or a character below the lowest "safe" one, or the escape character.
  bool JacksonNeedsQuotes(std::string_view text) const {
    int min_safe = std::max<int>(static_cast<unsigned char>(options_.field_delimiter), '\n');
    min_safe = std::max<int>(min_safe, static_cast<unsigned char>(*options_.quote_character)) + 1;
    size_t utf16_units = 0;
    for (char c : text) {
      auto byte = static_cast<unsigned char>(c);
      if ((byte & 0xC0) != 0x80) ++utf16_units;  // a UTF-8 lead byte starts a character
      if (byte >= 0xF0) ++utf16_units;            // outside the BMP: a surrogate pair
      if (byte < min_safe) return true;
      if (options_.escape_character && c == *options_.escape_character) return true;
    }
    return utf16_units > 24;
  }

  bool IsSpecial(char c) const {
    return c == options_.field_delimiter || c == '\n' || c == '\r' ||
           (options_.quote_character && c == *options_.quote_character) ||
           (options_.escape_character && c == *options_.escape_character);
  }

  void AppendField(std::string_view text, bool as_text, std::string* out) {
    bool needs_quoting = false;
    if (as_text && options_.quote_character) {
      needs_quoting = JacksonNeedsQuotes(text);
    } else {
      for (char c : text) needs_quoting |= IsSpecial(c);
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
