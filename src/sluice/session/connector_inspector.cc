#include "sluice/session/connector_inspector.h"

#include "absl/strings/str_cat.h"

namespace sluice::session {

connectors::ConnectorTable ToConnectorTable(
    const catalog::CatalogTable& table,
    const std::vector<std::pair<std::string, std::string>>& dynamic_options) {
  connectors::ConnectorTable out;
  out.name = table.path.ToString();
  out.physical_schema = table.PhysicalSchema();
  for (const catalog::TableColumn& c : table.columns) {
    if (c.kind == catalog::ColumnKind::kMetadata) {
      out.metadata.push_back({c.name, c.metadata_key, c.type.Materialized()});
    }
  }
  out.primary_key = table.primary_key;
  out.partition_keys = table.partition_keys;
  out.options = Options(table.options);
  for (const auto& [key, value] : dynamic_options) out.options.Set(key, value);
  return out;
}

StatusOr<const connectors::ConnectorFactory*> ValidatedFactory(
    const connectors::ConnectorTable& table) {
  std::string name = table.options.GetOr("connector", "");
  const connectors::ConnectorFactory* factory = connectors::FindConnector(name);
  if (factory == nullptr) {
    std::string available;
    for (const std::string& n : connectors::ConnectorNames()) {
      absl::StrAppend(&available, available.empty() ? "" : ", ", n);
    }
    return absl::InvalidArgumentError(absl::StrCat("unknown connector '", name, "' for table '",
                                                   table.name, "'; available: ", available));
  }
  SLUICE_RETURN_IF_ERROR(connectors::ValidateOptions(*factory, table));
  return factory;
}

StatusOr<types::ChangelogMode> RegistryInspector::SourceChangelog(
    const catalog::CatalogTable& table) {
  connectors::ConnectorTable connector_table = ToConnectorTable(table);
  SLUICE_ASSIGN_OR_RETURN(const connectors::ConnectorFactory* factory,
                          ValidatedFactory(connector_table));
  SLUICE_ASSIGN_OR_RETURN(auto source, factory->CreateSource(connector_table));
  return source->changelog_mode();
}

StatusOr<bool> RegistryInspector::SourceIsBounded(const catalog::CatalogTable& table) {
  connectors::ConnectorTable connector_table = ToConnectorTable(table);
  SLUICE_ASSIGN_OR_RETURN(const connectors::ConnectorFactory* factory,
                          ValidatedFactory(connector_table));
  SLUICE_ASSIGN_OR_RETURN(auto source, factory->CreateSource(connector_table));
  return source->IsBounded();
}

StatusOr<types::ChangelogMode> RegistryInspector::SinkAccepts(
    const catalog::CatalogTable& table) {
  connectors::ConnectorTable connector_table = ToConnectorTable(table);
  SLUICE_ASSIGN_OR_RETURN(const connectors::ConnectorFactory* factory,
                          ValidatedFactory(connector_table));
  SLUICE_ASSIGN_OR_RETURN(auto sink, factory->CreateSink(connector_table));
  return sink->accepted_changelog_mode();
}

bool RegistryInspector::SupportsProjection(const catalog::CatalogTable& table) {
  connectors::ConnectorTable connector_table = ToConnectorTable(table);
  auto factory = ValidatedFactory(connector_table);
  return factory.ok() && (*factory)->SupportsProjection(connector_table);
}

}  // namespace sluice::session
