#include "sluice/formats/csv_format.h"

#include "absl/strings/str_cat.h"

namespace sluice::formats {
namespace {

// Undoes Java string escapes in an option value, as Flink's StringEscapeUtils.unescapeJava:
// "\t" written in SQL as two characters is a tab. False on a malformed escape.
bool UnescapeJava(std::string_view text, std::string* out) {
  out->clear();
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out->push_back(text[i]);
      continue;
    }
    char c = text[++i];
    switch (c) {
      case 't':
        out->push_back('\t');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'b':
        out->push_back('\b');
        break;
      case '0':
        out->push_back('\0');
        break;
      case '\\':
      case '\'':
      case '"':
        out->push_back(c);
        break;
      case 'u': {
        if (i + 4 >= text.size()) return false;
        unsigned code = 0;
        for (int k = 1; k <= 4; ++k) {
          char h = text[i + k];
          code <<= 4;
          if (h >= '0' && h <= '9') {
            code |= h - '0';
          } else if (h >= 'a' && h <= 'f') {
            code |= h - 'a' + 10;
          } else if (h >= 'A' && h <= 'F') {
            code |= h - 'A' + 10;
          } else {
            return false;
          }
        }
        if (code > 0x7f) return false;  // single-byte delimiters only
        out->push_back(static_cast<char>(code));
        i += 4;
        break;
      }
      default:
        out->push_back('\\');
        out->push_back(c);
    }
  }
  return true;
}

StatusOr<std::optional<char>> SingleCharacter(const Options& options, const std::string& key) {
  std::optional<std::string> value = options.Get(key);
  if (!value) return std::optional<char>();
  std::string unescaped;
  if (!UnescapeJava(*value, &unescaped) || unescaped.size() != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Option '", key, "' must be a string with single character, but was: ", *value));
  }
  return std::optional<char>(unescaped[0]);
}

}  // namespace

StatusOr<CsvOptions> CsvOptions::Parse(const Options& options) {
  CsvOptions parsed;
  SLUICE_ASSIGN_OR_RETURN(std::optional<char> delimiter,
                          SingleCharacter(options, "csv.field-delimiter"));
  if (delimiter) parsed.field_delimiter = *delimiter;
  SLUICE_ASSIGN_OR_RETURN(bool disable_quote,
                          options.GetBool("csv.disable-quote-character", false));
  SLUICE_ASSIGN_OR_RETURN(std::optional<char> quote,
                          SingleCharacter(options, "csv.quote-character"));
  if (disable_quote && quote) {
    return absl::InvalidArgumentError(
        "Format cannot define a quote character and disabled quote character at the same time.");
  }
  parsed.quote_character = disable_quote ? std::nullopt : std::optional<char>(quote.value_or('"'));
  SLUICE_ASSIGN_OR_RETURN(parsed.allow_comments, options.GetBool("csv.allow-comments", false));
  SLUICE_ASSIGN_OR_RETURN(parsed.ignore_parse_errors,
                          options.GetBool("csv.ignore-parse-errors", false));
  parsed.array_element_delimiter = options.GetOr("csv.array-element-delimiter", ";");
  SLUICE_ASSIGN_OR_RETURN(parsed.escape_character,
                          SingleCharacter(options, "csv.escape-character"));
  parsed.null_literal = options.Get("csv.null-literal");
  SLUICE_ASSIGN_OR_RETURN(bool scientific,
                          options.GetBool("csv.write-bigdecimal-in-scientific-notation", false));
  (void)scientific;  // DECIMAL is always written plainly
  if (parsed.quote_character && parsed.quote_character == parsed.field_delimiter) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Option 'csv.quote-character' must differ from 'csv.field-delimiter', both are '",
        std::string(1, parsed.field_delimiter), "'"));
  }
  return parsed;
}

std::vector<std::string> CsvFormatFactory::option_keys() const {
  return {"csv.field-delimiter",
          "csv.disable-quote-character",
          "csv.quote-character",
          "csv.allow-comments",
          "csv.ignore-parse-errors",
          "csv.array-element-delimiter",
          "csv.escape-character",
          "csv.null-literal",
          "csv.write-bigdecimal-in-scientific-notation"};
}

StatusOr<std::unique_ptr<RowDecoder>> CsvFormatFactory::CreateDecoder(
    types::SchemaPtr schema, const Options& options) const {
  SLUICE_ASSIGN_OR_RETURN(CsvOptions parsed, CsvOptions::Parse(options));
  return MakeCsvRowDecoder(std::move(schema), parsed);
}

StatusOr<std::unique_ptr<RowEncoder>> CsvFormatFactory::CreateEncoder(
    types::SchemaPtr schema, const Options& options, const absl::TimeZone& zone) const {
  // TIMESTAMP_LTZ is written in UTC with a 'Z', as Flink does, so the zone is not needed.
  SLUICE_ASSIGN_OR_RETURN(CsvOptions parsed, CsvOptions::Parse(options));
  return MakeCsvRowEncoder(std::move(schema), parsed);
}

}  // namespace sluice::formats
