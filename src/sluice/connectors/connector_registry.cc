// The one list of connectors (DESIGN.md §7). Add a connector here, nowhere else.
#include <algorithm>

#include "sluice/connectors/blackhole/blackhole_sink.h"
#include "sluice/connectors/connector_factory.h"
#include "sluice/connectors/datagen/datagen_source.h"
#include "sluice/connectors/filesystem/filesystem_factory.h"
#include "sluice/connectors/kafka/kafka_factory.h"
#include "sluice/connectors/print/print_sink.h"

namespace sluice::connectors {
namespace {

const std::vector<std::unique_ptr<ConnectorFactory>>& Registry() {
  static const auto* registry = [] {
    auto* list = new std::vector<std::unique_ptr<ConnectorFactory>>();
    list->push_back(std::make_unique<BlackholeConnectorFactory>());
    list->push_back(std::make_unique<DatagenConnectorFactory>());
    list->push_back(std::make_unique<FilesystemConnectorFactory>());
    list->push_back(std::make_unique<KafkaConnectorFactory>());
    list->push_back(std::make_unique<PrintConnectorFactory>());
    return list;
  }();
  return *registry;
}

}  // namespace

const ConnectorFactory* FindConnector(std::string_view name) {
  for (const auto& factory : Registry()) {
    if (factory->name() == name) return factory.get();
  }
  return nullptr;
}

std::vector<std::string> ConnectorNames() {
  std::vector<std::string> names;
  for (const auto& factory : Registry()) names.push_back(factory->name());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace sluice::connectors
