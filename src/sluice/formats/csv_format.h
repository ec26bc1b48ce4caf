// The 'csv' format (DESIGN.md §7): one RFC 4180 line per record, fields in column order, with
// Flink's 'csv.*' options.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sluice/formats/format_factory.h"

namespace sluice::formats {

/// The parsed 'csv.*' options of a table.
struct CsvOptions {
  char field_delimiter = ',';                 // csv.field-delimiter (Java escapes such as '\t')
  std::optional<char> quote_character = '"';  // absent with csv.disable-quote-character
  bool allow_comments = false;                // csv.allow-comments: skip lines starting with '#'
  bool ignore_parse_errors = false;           // csv.ignore-parse-errors
  std::string array_element_delimiter = ";";  // csv.array-element-delimiter (ARRAY: not yet)
  std::optional<char> escape_character;       // csv.escape-character
  std::optional<std::string> null_literal;    // csv.null-literal

  /// Reads and validates the 'csv.*' keys of `options` with Flink's messages.
  static StatusOr<CsvOptions> Parse(const Options& options);
};

std::unique_ptr<RowDecoder> MakeCsvRowDecoder(types::SchemaPtr schema, const CsvOptions& options);
std::unique_ptr<RowEncoder> MakeCsvRowEncoder(types::SchemaPtr schema, const CsvOptions& options);

class CsvFormatFactory final : public FormatFactory {
 public:
  std::string name() const override { return "csv"; }
  std::vector<std::string> option_keys() const override;
  StatusOr<std::unique_ptr<RowDecoder>> CreateDecoder(types::SchemaPtr schema,
                                                      const Options& options) const override;
  StatusOr<std::unique_ptr<RowEncoder>> CreateEncoder(types::SchemaPtr schema,
                                                      const Options& options,
                                                      const absl::TimeZone& zone) const override;
};

}  // namespace sluice::formats
