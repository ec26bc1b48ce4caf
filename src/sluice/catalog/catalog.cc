#include "sluice/catalog/catalog.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace sluice::catalog {

Catalog::Catalog() { databases_["default_catalog"] = {"default_database"}; }

bool Catalog::DatabaseExists(const std::string& catalog, const std::string& database) const {
  auto it = databases_.find(catalog);
  if (it == databases_.end()) return false;
  return std::find(it->second.begin(), it->second.end(), database) != it->second.end();
}

Status Catalog::UseCatalog(const std::string& name) {
  auto it = databases_.find(name);
  if (it == databases_.end()) {
    return absl::InvalidArgumentError(absl::StrCat("catalog '", name, "' does not exist"));
  }
  current_catalog_ = name;
  current_database_ = it->second.empty() ? "" : it->second.front();
  return Status();
}

Status Catalog::UseDatabase(const std::string& name) {
  if (!DatabaseExists(current_catalog_, name)) {
    return absl::InvalidArgumentError(absl::StrCat("database '", name,
                                                   "' does not exist in catalog '",
                                                   current_catalog_, "'"));
  }
  current_database_ = name;
  return Status();
}

Status Catalog::CreateDatabase(const std::string& catalog, const std::string& name,
                               bool if_not_exists) {
  if (databases_.count(catalog) == 0) {
    return absl::InvalidArgumentError(absl::StrCat("catalog '", catalog, "' does not exist"));
  }
  if (DatabaseExists(catalog, name)) {
    if (if_not_exists) return Status();
    return absl::InvalidArgumentError(
        absl::StrCat("database '", catalog, ".", name, "' already exists"));
  }
  databases_[catalog].push_back(name);
  return Status();
}

std::vector<std::string> Catalog::ListCatalogs() const {
  std::vector<std::string> out;
  for (const auto& [name, dbs] : databases_) out.push_back(name);
  return out;
}

std::vector<std::string> Catalog::ListDatabases() const {
  auto it = databases_.find(current_catalog_);
  std::vector<std::string> out = it == databases_.end() ? std::vector<std::string>{}
                                                       : it->second;
  std::sort(out.begin(), out.end());
  return out;
}

StatusOr<ObjectPath> Catalog::Resolve(const std::vector<std::string>& parts) const {
  ObjectPath path;
  path.catalog = current_catalog_;
  path.database = current_database_;
  if (parts.empty() || parts.size() > 3) {
    return absl::InvalidArgumentError("object names have one to three parts: [catalog.][db.]name");
  }
  path.name = parts.back();
  if (parts.size() >= 2) path.database = parts[parts.size() - 2];
  if (parts.size() == 3) path.catalog = parts[0];
  return path;
}

StatusOr<bool> Catalog::CanCreate(const ObjectPath& path, bool if_not_exists,
                                   const char* kind) const {
  if (!DatabaseExists(path.catalog, path.database)) {
    return absl::InvalidArgumentError(absl::StrCat("database '", path.catalog, ".",
                                                   path.database, "' does not exist"));
  }
  if (tables_.count(path) || views_.count(path)) {
    if (if_not_exists) return false;
    return absl::InvalidArgumentError(
        absl::StrCat(kind, " '", path.ToString(), "' already exists"));
  }
  return true;
}

Status Catalog::CreateTable(CatalogTable table, bool if_not_exists) {
  const ObjectPath path = table.path;
  SLUICE_ASSIGN_OR_RETURN(bool create, CanCreate(path, if_not_exists, "table"));
  if (create) tables_[path] = std::make_shared<const CatalogTable>(std::move(table));
  return Status();
}

Status Catalog::CreateView(CatalogView view, bool if_not_exists) {
  const ObjectPath path = view.path;
  SLUICE_ASSIGN_OR_RETURN(bool create, CanCreate(path, if_not_exists, "view"));
  if (create) views_[path] = std::make_shared<const CatalogView>(std::move(view));
  return Status();
}

Status Catalog::Drop(const ObjectPath& path, bool view, bool if_exists) {
  size_t erased = view ? views_.erase(path) : tables_.erase(path);
  if (erased == 0 && !if_exists) {
    return absl::InvalidArgumentError(absl::StrCat(view ? "view '" : "table '", path.ToString(),
                                                   "' does not exist"));
  }
  return Status();
}

std::shared_ptr<const CatalogTable> Catalog::FindTable(const ObjectPath& path) const {
  auto it = tables_.find(path);
  return it == tables_.end() ? nullptr : it->second;
}

std::shared_ptr<const CatalogView> Catalog::FindView(const ObjectPath& path) const {
  auto it = views_.find(path);
  return it == views_.end() ? nullptr : it->second;
}

std::vector<std::string> Catalog::ListTables() const {
  std::vector<std::string> out;
  for (const auto& [path, table] : tables_) {
    if (path.catalog == current_catalog_ && path.database == current_database_)
      out.push_back(path.name);
  }
  for (const auto& [path, view] : views_) {
    if (path.catalog == current_catalog_ && path.database == current_database_)
      out.push_back(path.name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> Catalog::ListViews() const {
  std::vector<std::string> out;
  for (const auto& [path, view] : views_) {
    if (path.catalog == current_catalog_ && path.database == current_database_)
      out.push_back(path.name);
  }
  return out;
}

}  // namespace sluice::catalog
