// PatternCache: compiled patterns (regular expressions, LIKE matchers, date formats) looked up by
// their text, so a constant pattern is compiled once per thread rather than once per row. A
// kernel creates one PatternCache per call; the compiled objects live in a bounded thread-local
// map shared by all calls on that thread (no locks: one map per thread).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "sluice/common/status.h"

namespace sluice::expr {

template <typename T, StatusOr<std::shared_ptr<const T>> (*Compile)(std::string_view key)>
class PatternCache {
 public:
  /// The compiled form of `key`. Rows of one batch usually share the pattern, so the previous
  /// key is checked first (by address, then by content). Keys built in a reused buffer must pass
  /// `stable_address` = false: the same address then does not mean the same text.
  StatusOr<const T*> Get(std::string_view key, bool stable_address = true) {
    if (!stable_address) last_data_ = nullptr;
    if (current_ != nullptr && key.size() == key_.size() &&
        ((stable_address && key.data() == last_data_) || key == key_)) {
      last_data_ = key.data();
      return current_.get();
    }
    auto& map = ThreadMap();
    auto it = map.find(absl::string_view(key.data(), key.size()));
    if (it == map.end()) {
      auto compiled = Compile(key);
      if (!compiled.ok()) return compiled.status();
      if (map.size() >= kMaxEntries) map.clear();
      it = map.emplace(std::string(key), std::move(*compiled)).first;
    }
    current_ = it->second;
    key_.assign(key.data(), key.size());
    last_data_ = stable_address ? key.data() : nullptr;
    return current_.get();
  }

 private:
  static constexpr size_t kMaxEntries = 256;

  static absl::flat_hash_map<std::string, std::shared_ptr<const T>>& ThreadMap() {
    static thread_local absl::flat_hash_map<std::string, std::shared_ptr<const T>> map;
    return map;
  }

  std::shared_ptr<const T> current_;
  std::string key_;
  // Valid only while the columns of the current call are alive (a PatternCache never outlives
  // one kernel call), so address equality implies equal text.
  const char* last_data_ = nullptr;
};

}  // namespace sluice::expr
