#include "sluice/log/topic_config.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sluice::log {
namespace {

struct Setting {
  const char* name;
  int64_t TopicConfig::*field64;
  int32_t TopicConfig::*field32;
  int64_t minimum;
};

const Setting kSettings[] = {
    {"segment.bytes", &TopicConfig::segment_bytes, nullptr, 14},
    {"segment.ms", &TopicConfig::segment_ms, nullptr, 1},
    {"retention.ms", &TopicConfig::retention_ms, nullptr, -1},
    {"retention.bytes", &TopicConfig::retention_bytes, nullptr, -1},
    {"flush.messages", &TopicConfig::flush_messages, nullptr, 1},
    {"flush.ms", &TopicConfig::flush_ms, nullptr, 0},
    {"index.interval.bytes", nullptr, &TopicConfig::index_interval_bytes, 0},
    {"max.message.bytes", nullptr, &TopicConfig::max_message_bytes, 0},
};

}  // namespace

StatusOr<TopicConfig> TopicConfig::FromMap(const std::map<std::string, std::string>& values) {
  TopicConfig config;
  for (const auto& [name, value] : values) {
    if (name == "cleanup.policy") {
      if (value != "delete") {
        return absl::InvalidArgumentError(
            absl::StrCat("unsupported cleanup.policy '", value, "': only 'delete' is supported"));
      }
      continue;
    }
    const Setting* setting = nullptr;
    for (const Setting& s : kSettings) {
      if (name == s.name) setting = &s;
    }
    if (setting == nullptr) {
      std::vector<std::string> names = {"cleanup.policy"};
      for (const Setting& s : kSettings) names.push_back(s.name);
      return absl::InvalidArgumentError(absl::StrCat("unknown topic config '", name,
                                                     "'; supported: ", absl::StrJoin(names, ", ")));
    }
    int64_t parsed = 0;
    // Segment file positions are 32-bit in the offset index, as in Kafka (segment.bytes is int).
    bool int32_only = setting->field32 != nullptr || name == "segment.bytes";
    if (!absl::SimpleAtoi(value, &parsed) || parsed < setting->minimum ||
        (int32_only && parsed > std::numeric_limits<int32_t>::max())) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid value for topic config '", name, "': '", value, "'"));
    }
    if (setting->field64 != nullptr) {
      config.*(setting->field64) = parsed;
    } else {
      config.*(setting->field32) = static_cast<int32_t>(parsed);
    }
  }
  return config;
}

std::map<std::string, std::string> TopicConfig::ToMap() const {
  std::map<std::string, std::string> values = {{"cleanup.policy", "delete"}};
  for (const Setting& s : kSettings) {
    int64_t v = s.field64 != nullptr ? this->*(s.field64) : this->*(s.field32);
    values[s.name] = absl::StrCat(v);
  }
  return values;
}

}  // namespace sluice::log
