#include "sluice/catalog/catalog_table.h"

namespace sluice::catalog {

types::Schema CatalogTable::ResolvedSchema() const {
  std::vector<types::Field> fields;
  fields.reserve(columns.size());
  for (const TableColumn& c : columns) fields.push_back({c.name, c.type});
  return types::Schema(std::move(fields));
}

types::SchemaPtr CatalogTable::PhysicalSchema() const {
  std::vector<types::Field> fields;
  for (const TableColumn& c : columns) {
    if (c.kind == ColumnKind::kPhysical) fields.push_back({c.name, c.type.Materialized()});
  }
  return types::MakeSchema(std::move(fields));
}

types::Schema CatalogTable::SinkSchema() const {
  std::vector<types::Field> fields;
  for (const TableColumn& c : columns) {
    if (c.kind == ColumnKind::kPhysical ||
        (c.kind == ColumnKind::kMetadata && !c.is_virtual)) {
      fields.push_back({c.name, c.type.Materialized()});
    }
  }
  return types::Schema(std::move(fields));
}

int CatalogTable::ColumnIndex(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace sluice::catalog
