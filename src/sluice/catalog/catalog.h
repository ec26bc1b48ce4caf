// Catalog: the session's tables and views, in catalogs and databases. One in-memory catalog
// (default_catalog.default_database) for now; persistence comes with the platform.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sluice/catalog/catalog_table.h"
#include "sluice/common/status.h"

namespace sluice::catalog {

class Catalog {
 public:
  Catalog();

  const std::string& current_catalog() const { return current_catalog_; }
  const std::string& current_database() const { return current_database_; }
  Status UseCatalog(const std::string& name);
  Status UseDatabase(const std::string& name);
  Status CreateDatabase(const std::string& catalog, const std::string& name, bool if_not_exists);
  std::vector<std::string> ListCatalogs() const;
  std::vector<std::string> ListDatabases() const;

  /// Resolves `t`, `db.t` or `cat.db.t` against the current catalog and database.
  StatusOr<ObjectPath> Resolve(const std::vector<std::string>& parts) const;

  Status CreateTable(CatalogTable table, bool if_not_exists);
  Status CreateView(CatalogView view, bool if_not_exists);
  /// Drops a table (views too when `view` is true); error if missing unless `if_exists`.
  Status Drop(const ObjectPath& path, bool view, bool if_exists);

  /// nullptr when absent.
  std::shared_ptr<const CatalogTable> FindTable(const ObjectPath& path) const;
  std::shared_ptr<const CatalogView> FindView(const ObjectPath& path) const;
  /// Tables and views of the current database, sorted.
  std::vector<std::string> ListTables() const;
  std::vector<std::string> ListViews() const;

 private:
  bool DatabaseExists(const std::string& catalog, const std::string& database) const;
  /// True if an object can be created at `path`; false if it exists and `if_not_exists`;
  /// an error if the database is missing or the name is taken.
  StatusOr<bool> CanCreate(const ObjectPath& path, bool if_not_exists, const char* kind) const;

  std::string current_catalog_ = "default_catalog";
  std::string current_database_ = "default_database";
  std::map<std::string, std::vector<std::string>> databases_;  // catalog -> databases
  std::map<ObjectPath, std::shared_ptr<const CatalogTable>> tables_;
  std::map<ObjectPath, std::shared_ptr<const CatalogView>> views_;
};

}  // namespace sluice::catalog
