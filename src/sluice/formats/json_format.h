// The 'json' format (DESIGN.md §7): one JSON object per record, fields matched to columns by name,
// with Flink's 'json.*' options.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sluice/formats/format_factory.h"
#include "sluice/formats/text_codec.h"

namespace sluice::formats {

/// The parsed 'json.*' options of a table.
struct JsonOptions {
  bool fail_on_missing_field = false;  // json.fail-on-missing-field
  bool ignore_parse_errors = false;    // json.ignore-parse-errors
  TimestampStandard timestamp_standard = TimestampStandard::kSql;
  std::string map_null_key_mode = "FAIL";  // json.map-null-key.mode (MAP types: not yet)
  std::string map_null_key_literal = "null";
  bool encode_decimal_as_plain_number = false;  // DECIMAL is always written plainly
  bool encode_ignore_null_fields = false;       // json.encode.ignore-null-fields

  /// Reads and validates the 'json.*' keys of `options` with Flink's messages.
  static StatusOr<JsonOptions> Parse(const Options& options);
};

std::unique_ptr<RowDecoder> MakeJsonRowDecoder(types::SchemaPtr schema, const JsonOptions& options);
std::unique_ptr<RowEncoder> MakeJsonRowEncoder(types::SchemaPtr schema, const JsonOptions& options);

class JsonFormatFactory final : public FormatFactory {
 public:
  std::string name() const override { return "json"; }
  std::vector<std::string> option_keys() const override;
  StatusOr<std::unique_ptr<RowDecoder>> CreateDecoder(types::SchemaPtr schema,
                                                      const Options& options) const override;
  StatusOr<std::unique_ptr<RowEncoder>> CreateEncoder(types::SchemaPtr schema,
                                                      const Options& options,
                                                      const absl::TimeZone& zone) const override;
};

}  // namespace sluice::formats
