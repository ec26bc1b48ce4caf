#include "sluice/formats/json_format.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace sluice::formats {

StatusOr<JsonOptions> JsonOptions::Parse(const Options& options) {
  JsonOptions parsed;
  SLUICE_ASSIGN_OR_RETURN(parsed.fail_on_missing_field,
                          options.GetBool("json.fail-on-missing-field", false));
  SLUICE_ASSIGN_OR_RETURN(parsed.ignore_parse_errors,
                          options.GetBool("json.ignore-parse-errors", false));
  if (parsed.fail_on_missing_field && parsed.ignore_parse_errors) {
    return absl::InvalidArgumentError(
        "fail-on-missing-field and ignore-parse-errors shouldn't both be true.");
  }
  std::string standard = options.GetOr("json.timestamp-format.standard", "SQL");
  if (standard == "SQL") {
    parsed.timestamp_standard = TimestampStandard::kSql;
  } else if (standard == "ISO-8601") {
    parsed.timestamp_standard = TimestampStandard::kIso8601;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("Unsupported value '", standard,
                     "' for timestamp-format.standard. Supported values are [SQL, ISO-8601]."));
  }
  std::string mode = absl::AsciiStrToUpper(options.GetOr("json.map-null-key.mode", "FAIL"));
  if (mode != "FAIL" && mode != "DROP" && mode != "LITERAL") {
    return absl::InvalidArgumentError(absl::StrCat(
        "Unsupported value '", options.GetOr("json.map-null-key.mode", ""),
        "' for option map-null-key.mode. Supported values are [LITERAL, FAIL, DROP]."));
  }
  parsed.map_null_key_mode = mode;
  parsed.map_null_key_literal = options.GetOr("json.map-null-key.literal", "null");
  SLUICE_ASSIGN_OR_RETURN(parsed.encode_decimal_as_plain_number,
                          options.GetBool("json.encode.decimal-as-plain-number", false));
  SLUICE_ASSIGN_OR_RETURN(parsed.encode_ignore_null_fields,
                          options.GetBool("json.encode.ignore-null-fields", false));
  SLUICE_ASSIGN_OR_RETURN(bool parser_enabled,
                          options.GetBool("json.decode.json-parser.enabled", true));
  (void)parser_enabled;  // Flink's choice of Jackson parser; simdjson is always used here
  return parsed;
}

std::vector<std::string> JsonFormatFactory::option_keys() const {
  return {"json.fail-on-missing-field",     "json.ignore-parse-errors",
          "json.timestamp-format.standard", "json.map-null-key.mode",
          "json.map-null-key.literal",      "json.encode.decimal-as-plain-number",
          "json.encode.ignore-null-fields", "json.decode.json-parser.enabled"};
}

StatusOr<std::unique_ptr<RowDecoder>> JsonFormatFactory::CreateDecoder(
    types::SchemaPtr schema, const Options& options) const {
  SLUICE_ASSIGN_OR_RETURN(JsonOptions parsed, JsonOptions::Parse(options));
  return MakeJsonRowDecoder(std::move(schema), parsed);
}

StatusOr<std::unique_ptr<RowEncoder>> JsonFormatFactory::CreateEncoder(
    types::SchemaPtr schema, const Options& options, const absl::TimeZone& zone) const {
  // TIMESTAMP_LTZ is written in UTC with a 'Z', as Flink does, so the zone is not needed.
  SLUICE_ASSIGN_OR_RETURN(JsonOptions parsed, JsonOptions::Parse(options));
  return MakeJsonRowEncoder(std::move(schema), parsed);
}

}  // namespace sluice::formats
