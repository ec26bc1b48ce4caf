// The 'blackhole' connector: a sink that accepts every row kind, counts the rows and drops them
// (for benchmarks and for jobs whose output is not needed).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sluice/connectors/connector_factory.h"

namespace sluice::connectors {

class BlackholeConnectorFactory final : public ConnectorFactory {
 public:
  std::string name() const override { return "blackhole"; }
  std::vector<std::string> required_options() const override { return {}; }
  std::vector<std::string> optional_options() const override { return {}; }
  StatusOr<std::unique_ptr<TableSink>> CreateSink(const ConnectorTable& table) const override;
};

}  // namespace sluice::connectors
