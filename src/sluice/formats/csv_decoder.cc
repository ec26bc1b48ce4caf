// CsvRowDecoder: one CSV line (RFC 4180 quoting, optional escape character) into one row. Field
// text is unquoted into one reused buffer, reserved to the record's size so views stay valid.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "sluice/formats/csv_format.h"
#include "sluice/formats/text_codec.h"

namespace sluice::formats {
namespace {

class CsvRowDecoder final : public RowDecoder {
 public:
  CsvRowDecoder(types::SchemaPtr schema, const CsvOptions& options)
      : schema_(std::move(schema)), options_(options) {}

  bool ignore_parse_errors() const override { return options_.ignore_parse_errors; }

  bool NeedsMoreLines(std::string_view text) const override {
    if (!options_.quote_character) return false;
    const char quote = *options_.quote_character;
    if (text.find(quote) == std::string_view::npos) return false;
    const bool has_escape = options_.escape_character.has_value();
    const char escape = options_.escape_character.value_or('\0');
    bool in_quotes = false;
    bool field_start = true;
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (has_escape && c == escape) {
        ++i;  // the escaped character is literal
        field_start = false;
      } else if (in_quotes) {
        if (c == quote) {
          if (i + 1 < text.size() && text[i + 1] == quote) {
            ++i;
          } else {
            in_quotes = false;
          }
        }
      } else if (c == options_.field_delimiter) {
        field_start = true;
      } else {
        if (c == quote && field_start) in_quotes = true;
        field_start = false;
      }
    }
    return in_quotes;
  }

  Status Decode(std::string_view record, types::Batch* batch) override {
    if (options_.allow_comments && !record.empty() && record[0] == '#') return Status();
    if (TrimAsciiWhitespace(record).empty()) return Status();  // blank line: no row
    SLUICE_RETURN_IF_ERROR(SplitFields(record));
    size_t columns = schema_->size();
    // As Flink's CsvToRowDataConverters: the field count is checked only when parse errors are
    // not ignored; otherwise missing trailing fields are NULL (too many fields still fail the
    // record, in Jackson's parser).
    if (fields_.size() < columns && !options_.ignore_parse_errors) {
      return absl::InvalidArgumentError(absl::StrCat(
          "missing value for column '", schema_->field(fields_.size()).name, "': expected ",
          columns, " fields but found ", fields_.size(), " in '", Abbreviate(record), "'"));
    }
    if (fields_.size() > columns) {
      return absl::InvalidArgumentError(absl::StrCat("too many fields: expected ", columns,
                                                     " but found ", fields_.size(), " in '",
                                                     Abbreviate(record), "'"));
    }
    size_t rows = batch->num_rows;
    for (size_t i = 0; i < columns; ++i) {
      types::Column* column = batch->columns[i].get();
      if (i >= fields_.size()) {
        column->AppendNull();
        continue;
      }
      std::string_view text = fields_[i];
      if (options_.null_literal && text == *options_.null_literal) {
        column->AppendNull();
        continue;
      }
      if (column->type().IsString()) {
        column->AppendString(text);
        continue;
      }
      // An empty field is NULL for every type but strings.
      if (TrimAsciiWhitespace(text).empty()) {
        column->AppendNull();
        continue;
      }
      if (!AppendParsedText(text, TimestampStandard::kSql, column, &scratch_)) {
        for (size_t j = 0; j < i; ++j) batch->columns[j]->Resize(rows);
        const types::Field& field = schema_->field(i);
        return absl::InvalidArgumentError(absl::StrCat("invalid value for column '", field.name,
                                                       "' of type ", field.type.ToBaseString(),
                                                       ": '", Abbreviate(text), "'"));
      }
    }
    batch->num_rows = rows + 1;
    return Status();
  }

 private:
  // Splits `record` into fields_ (views into unquoted_).
  Status SplitFields(std::string_view record) {
    fields_.clear();
    unquoted_.clear();
    unquoted_.reserve(record.size());  // never reallocates below: views stay valid
    const char delimiter = options_.field_delimiter;
    const bool has_quote = options_.quote_character.has_value();
    const char quote = options_.quote_character.value_or('\0');
    const bool has_escape = options_.escape_character.has_value();
    const char escape = options_.escape_character.value_or('\0');
    size_t i = 0;
    const size_t n = record.size();
    while (true) {
      size_t start = unquoted_.size();
      if (has_quote && i < n && record[i] == quote) {
        ++i;
        bool closed = false;
        while (i < n) {
          char c = record[i];
          if (has_escape && c == escape && i + 1 < n) {
            unquoted_.push_back(record[i + 1]);
            i += 2;
          } else if (c == quote) {
            if (i + 1 < n && record[i + 1] == quote) {
              unquoted_.push_back(quote);
              i += 2;
            } else {
              ++i;
              closed = true;
              break;
            }
          } else {
            unquoted_.push_back(c);
            ++i;
          }
        }
        if (!closed) {
          return absl::InvalidArgumentError(
              absl::StrCat("unterminated quoted field in '", Abbreviate(record), "'"));
        }
        if (i < n && record[i] != delimiter) {
          return absl::InvalidArgumentError(
              absl::StrCat("unexpected character '", std::string(1, record[i]),
                           "' after a closing quote in '", Abbreviate(record), "'"));
        }
      } else {
        while (i < n && record[i] != delimiter) {
          if (has_escape && record[i] == escape && i + 1 < n) ++i;
          unquoted_.push_back(record[i]);
          ++i;
        }
      }
      fields_.emplace_back(unquoted_.data() + start, unquoted_.size() - start);
      if (i >= n) break;
      ++i;  // the delimiter; a trailing one ends with an empty field
    }
    return Status();
  }

  types::SchemaPtr schema_;
  CsvOptions options_;
  std::vector<std::string_view> fields_;
  std::string unquoted_;
  std::string scratch_;
};

}  // namespace

std::unique_ptr<RowDecoder> MakeCsvRowDecoder(types::SchemaPtr schema, const CsvOptions& options) {
  return std::make_unique<CsvRowDecoder>(std::move(schema), options);
}

}  // namespace sluice::formats
