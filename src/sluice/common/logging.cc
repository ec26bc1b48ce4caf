#include "sluice/common/logging.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace sluice {

LogLevel CurrentLogLevel() {
  static const LogLevel level = [] {
    const char* env = std::getenv("SLUICE_LOG_LEVEL");
    if (env == nullptr) return LogLevel::kWarn;
    if (std::strcmp(env, "debug") == 0) return LogLevel::kDebug;
    if (std::strcmp(env, "info") == 0) return LogLevel::kInfo;
    if (std::strcmp(env, "error") == 0) return LogLevel::kError;
    return LogLevel::kWarn;
  }();
  return level;
}

void LogLine(LogLevel level, std::string_view message) {
  static std::mutex mutex;
  static const char* kNames[] = {"DEBUG", "INFO", "WARN", "ERROR"};
  std::lock_guard<std::mutex> lock(mutex);
  std::fprintf(stderr, "[%s] %.*s\n", kNames[static_cast<int>(level)],
               static_cast<int>(message.size()), message.data());
}

}  // namespace sluice
