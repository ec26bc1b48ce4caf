#include "sluice/formats/raw_format.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sluice::formats {
namespace {

class RawRowDecoder final : public RowDecoder {
 public:
  Status Decode(std::string_view record, types::Batch* batch) override {
    batch->columns[0]->AppendString(record);
    ++batch->num_rows;
    return Status();
  }
  bool ignore_parse_errors() const override { return false; }
};

class RawRowEncoder final : public RowEncoder {
 public:
  /// NULL is written as an empty record (Flink writes a null message).
  void Encode(const types::Batch& batch, size_t row, std::string* out) override {
    const types::Column& column = *batch.columns[0];
    if (!column.IsNull(row)) out->append(column.strings()[row]);
  }
};

Status ValidateRaw(const types::Schema& schema, const Options& options) {
  std::string charset = options.GetOr("raw.charset", "UTF-8");
  std::string upper = absl::AsciiStrToUpper(charset);
  if (upper != "UTF-8" && upper != "UTF8" && upper != "US-ASCII") {
    return absl::InvalidArgumentError(
        absl::StrCat("Unsupported 'raw.charset' '", charset, "': only UTF-8 is supported"));
  }
  std::string endianness = options.GetOr("raw.endianness", "big-endian");
  if (endianness != "big-endian" && endianness != "little-endian") {
    return absl::InvalidArgumentError(
        absl::StrCat("Unsupported 'raw.endianness' '", endianness,
                     "'. Supported values are [big-endian, little-endian]."));
  }
  if (schema.size() != 1 || !(schema.field(0).type.IsString() || schema.field(0).type.IsBinary())) {
    std::vector<std::string> columns;
    for (const types::Field& field : schema.fields()) {
      columns.push_back(absl::StrCat(field.name, " ", field.type.ToString()));
    }
    return absl::InvalidArgumentError(absl::StrCat(
        "The 'raw' format only supports a single physical column of type STRING or BYTES, "
        "but the schema has: [",
        absl::StrJoin(columns, ", "), "]"));
  }
  return Status();
}

}  // namespace

std::vector<std::string> RawFormatFactory::option_keys() const {
  return {"raw.charset", "raw.endianness"};
}

StatusOr<std::unique_ptr<RowDecoder>> RawFormatFactory::CreateDecoder(
    types::SchemaPtr schema, const Options& options) const {
  SLUICE_RETURN_IF_ERROR(ValidateRaw(*schema, options));
  return std::unique_ptr<RowDecoder>(std::make_unique<RawRowDecoder>());
}

StatusOr<std::unique_ptr<RowEncoder>> RawFormatFactory::CreateEncoder(
    types::SchemaPtr schema, const Options& options, const absl::TimeZone& zone) const {
  SLUICE_RETURN_IF_ERROR(ValidateRaw(*schema, options));
  return std::unique_ptr<RowEncoder>(std::make_unique<RawRowEncoder>());
}

}  // namespace sluice::formats
