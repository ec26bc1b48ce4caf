// Catalog objects: tables (columns of three kinds, watermark, primary key, WITH options) and
// views, resolved at CREATE time so every column has its final type.
#pragma once

#include <map>
#include <tuple>
#include <optional>
#include <string>
#include <vector>

#include "sluice/sql/ast.h"
#include "sluice/types/schema.h"

namespace sluice::catalog {

/// catalog.database.object
struct ObjectPath {
  std::string catalog = "default_catalog";
  std::string database = "default_database";
  std::string name;
  std::string ToString() const { return catalog + "." + database + "." + name; }
  bool operator<(const ObjectPath& o) const {
    return std::tie(catalog, database, name) < std::tie(o.catalog, o.database, o.name);
  }
};

enum class ColumnKind { kPhysical, kMetadata, kComputed };

struct TableColumn {
  std::string name;
  types::DataType type;  // resolved; computed columns get their expression's type
  ColumnKind kind = ColumnKind::kPhysical;
  std::string metadata_key;  // kMetadata: FROM 'key' or the column name
  bool is_virtual = false;   // kMetadata VIRTUAL: not written by INSERT
  sql::ExprPtr expression;   // kComputed
  std::string expression_text;
  std::string comment;
};

struct WatermarkSpec {
  std::string rowtime_column;
  sql::ExprPtr expression;
  std::string expression_text;
};

struct CatalogTable {
  ObjectPath path;
  std::vector<TableColumn> columns;
  std::optional<WatermarkSpec> watermark;
  std::vector<std::string> primary_key;
  std::vector<std::string> partition_keys;
  std::map<std::string, std::string> options;
  std::string comment;

  /// Every column (physical, metadata, computed) in declared order, with time attributes.
  types::Schema ResolvedSchema() const;
  /// Physical columns only, in declared order (what the format reads and writes).
  types::SchemaPtr PhysicalSchema() const;
  /// Columns an INSERT writes: physical and non-virtual metadata columns.
  types::Schema SinkSchema() const;
  int ColumnIndex(const std::string& name) const;
};

struct CatalogView {
  ObjectPath path;
  sql::QueryPtr query;
  std::string query_text;
  std::vector<std::string> column_names;  // explicit names, or empty
  types::Schema schema;                   // resolved at CREATE time
};

}  // namespace sluice::catalog
