// Options: the key/value configuration of a session, a table's WITH clause or a job
// (Flink's option names, string values), with typed readers that give clear errors.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sluice/common/status.h"

namespace sluice {

/// Parses a Flink duration ("10 s", "200ms", "1 min", "5 minutes", "1 d", "3600000" = ms) into
/// microseconds.
StatusOr<int64_t> ParseDuration(const std::string& text);

/// Parses a Flink memory size ("128mb", "1 gb", "1024") into bytes.
StatusOr<int64_t> ParseMemorySize(const std::string& text);

/// An ordered string map with typed accessors. Keys are case-sensitive, as in Flink.
class Options {
 public:
  Options() = default;
  explicit Options(std::map<std::string, std::string> values) : values_(std::move(values)) {}

  void Set(const std::string& key, const std::string& value) { values_[key] = value; }
  void Erase(const std::string& key) { values_.erase(key); }
  bool Has(const std::string& key) const { return values_.count(key) > 0; }
  std::optional<std::string> Get(const std::string& key) const;
  std::string GetOr(const std::string& key, const std::string& fallback) const;

  StatusOr<int64_t> GetInt(const std::string& key, int64_t fallback) const;
  StatusOr<double> GetDouble(const std::string& key, double fallback) const;
  StatusOr<bool> GetBool(const std::string& key, bool fallback) const;
  /// Duration in microseconds.
  StatusOr<int64_t> GetDuration(const std::string& key, int64_t fallback_micros) const;

  /// Keys starting with `prefix`, with the prefix removed.
  std::map<std::string, std::string> WithPrefix(const std::string& prefix) const;
  const std::map<std::string, std::string>& values() const { return values_; }
  /// Copies every entry of `other` over this one.
  void Merge(const Options& other);

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace sluice
