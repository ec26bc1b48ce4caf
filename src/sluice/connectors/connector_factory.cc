#include "sluice/connectors/connector_factory.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sluice/formats/format_factory.h"

namespace sluice::connectors {
namespace {

// Whether `key` matches `pattern`: a pattern ending in '.' matches any longer key with that
// prefix ('properties.'); '#' and '*' match one or more characters ('fields.#.kind').
bool MatchesPattern(std::string_view key, std::string_view pattern) {
  if (!pattern.empty() && pattern.back() == '.') {
    return key.size() > pattern.size() && key.substr(0, pattern.size()) == pattern;
  }
  size_t wildcard = pattern.find_first_of("#*");
  if (wildcard == std::string_view::npos) return key == pattern;
  std::string_view prefix = pattern.substr(0, wildcard);
  std::string_view rest = pattern.substr(wildcard + 1);
  if (key.size() <= prefix.size() || key.substr(0, prefix.size()) != prefix) return false;
  // The wildcard takes at least one character; try every split (patterns are short).
  for (size_t end = prefix.size() + 1; end <= key.size(); ++end) {
    if (MatchesPattern(key.substr(end), rest)) return true;
  }
  return false;
}

bool IsPattern(std::string_view key) {
  return (!key.empty() && key.back() == '.') || key.find_first_of("#*") != std::string_view::npos;
}

}  // namespace

StatusOr<std::unique_ptr<TableSource>> ConnectorFactory::CreateSource(
    const ConnectorTable& table) const {
  return absl::InvalidArgumentError(absl::StrCat("Connector '", name(),
                                                 "' can only be used as a sink. It cannot be used "
                                                 "as a source (table '",
                                                 table.name, "')."));
}

StatusOr<std::unique_ptr<TableSink>> ConnectorFactory::CreateSink(
    const ConnectorTable& table) const {
  return absl::InvalidArgumentError(absl::StrCat("Connector '", name(),
                                                 "' can only be used as a source. It cannot be "
                                                 "used as a sink (table '",
                                                 table.name, "')."));
}

Status MetadataTypeError(const MetadataColumn& column, const std::string& table,
                         const char* expected) {
  return absl::InvalidArgumentError(absl::StrCat("metadata column '", column.name, "' ('",
                                                 column.key, "') of table '", table, "' must be ",
                                                 expected, ", not ", column.type.ToString()));
}

Status ValidateOptions(const ConnectorFactory& factory, const ConnectorTable& table) {
  const Options& options = table.options;
  std::vector<std::string> missing;
  for (const std::string& key : factory.required_options()) {
    if (!options.Has(key)) missing.push_back(key);
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("Missing required options for '", factory.name(),
                                                   "' in table '", table.name,
                                                   "': ", absl::StrJoin(missing, ", ")));
  }
  std::set<std::string> supported = {"connector"};
  for (const std::string& key : factory.required_options()) supported.insert(key);
  for (const std::string& key : factory.optional_options()) supported.insert(key);
  if (factory.uses_format()) {
    supported.insert("format");
    if (std::optional<std::string> format_name = options.Get("format")) {
      const formats::FormatFactory* format = formats::FindFormat(*format_name);
      if (format == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat("unknown format '", *format_name, "' for table '", table.name,
                         "'; available: ", absl::StrJoin(formats::FormatNames(), ", ")));
      }
      for (const std::string& key : format->option_keys()) supported.insert(key);
    }
  }
  std::vector<std::string> unsupported;
  for (const auto& [key, value] : options.values()) {
    if (supported.count(key)) continue;
    bool matched = false;
    for (const std::string& pattern : supported) {
      if (IsPattern(pattern) && MatchesPattern(key, pattern)) {
        matched = true;
        break;
      }
    }
    if (!matched) unsupported.push_back(absl::StrCat("'", key, "'"));
  }
  if (!unsupported.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Unsupported options found for '", factory.name(), "' in table '", table.name, "': ",
        absl::StrJoin(unsupported, ", "), ". Supported options: ", absl::StrJoin(supported, ", ")));
  }
  return Status();
}

StatusOr<const ConnectorFactory*> FindConnectorForTable(const ConnectorTable& table) {
  std::optional<std::string> name = table.options.Get("connector");
  if (!name) {
    return absl::InvalidArgumentError(
        absl::StrCat("Table options do not contain an option key 'connector' for discovering a "
                     "connector (table '",
                     table.name, "')."));
  }
  const ConnectorFactory* factory = FindConnector(*name);
  if (factory == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown connector '", *name, "' for table '", table.name,
                     "'; available: ", absl::StrJoin(ConnectorNames(), ", ")));
  }
  return factory;
}

StatusOr<std::unique_ptr<TableSource>> CreateTableSource(const ConnectorTable& table) {
  SLUICE_ASSIGN_OR_RETURN(const ConnectorFactory* factory, FindConnectorForTable(table));
  SLUICE_RETURN_IF_ERROR(ValidateOptions(*factory, table));
  return factory->CreateSource(table);
}

StatusOr<std::unique_ptr<TableSink>> CreateTableSink(const ConnectorTable& table) {
  SLUICE_ASSIGN_OR_RETURN(const ConnectorFactory* factory, FindConnectorForTable(table));
  SLUICE_RETURN_IF_ERROR(ValidateOptions(*factory, table));
  return factory->CreateSink(table);
}

StatusOr<std::optional<int>> SinkParallelism(const ConnectorTable& table) {
  if (!table.options.Has("sink.parallelism")) return std::optional<int>();
  SLUICE_ASSIGN_OR_RETURN(int64_t value, table.options.GetInt("sink.parallelism", 1));
  if (value < 1 || value > 1 << 20) {
    return absl::InvalidArgumentError(absl::StrCat("option 'sink.parallelism' of table '",
                                                   table.name, "' must be a positive integer, got ",
                                                   value));
  }
  return std::optional<int>(static_cast<int>(value));
}

}  // namespace sluice::connectors
