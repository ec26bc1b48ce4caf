// The 'raw' format: the record's bytes are the value of the table's single STRING or BYTES column.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sluice/formats/format_factory.h"

namespace sluice::formats {

class RawFormatFactory final : public FormatFactory {
 public:
  std::string name() const override { return "raw"; }
  std::vector<std::string> option_keys() const override;
  StatusOr<std::unique_ptr<RowDecoder>> CreateDecoder(types::SchemaPtr schema,
                                                      const Options& options) const override;
  StatusOr<std::unique_ptr<RowEncoder>> CreateEncoder(types::SchemaPtr schema,
                                                      const Options& options,
                                                      const absl::TimeZone& zone) const override;
};

}  // namespace sluice::formats
