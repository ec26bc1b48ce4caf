// Bridges the planner to the connector registry: boundedness and changelog modes of tables,
// and the ConnectorTable a factory needs.
#pragma once

#include <vector>

#include "sluice/connectors/connector_factory.h"
#include "sluice/planner/changelog_inference.h"

namespace sluice::session {

/// The connector view of a catalog table, with OPTIONS hints applied.
connectors::ConnectorTable ToConnectorTable(
    const catalog::CatalogTable& table,
    const std::vector<std::pair<std::string, std::string>>& dynamic_options = {});

/// Finds and validates the table's connector (options included).
StatusOr<const connectors::ConnectorFactory*> ValidatedFactory(
    const connectors::ConnectorTable& table);

class RegistryInspector : public planner::ConnectorInspector {
 public:
  StatusOr<types::ChangelogMode> SourceChangelog(const catalog::CatalogTable& table) override;
  StatusOr<bool> SourceIsBounded(const catalog::CatalogTable& table) override;
  StatusOr<types::ChangelogMode> SinkAccepts(const catalog::CatalogTable& table) override;
  bool SupportsProjection(const catalog::CatalogTable& table) override;
};

}  // namespace sluice::session
