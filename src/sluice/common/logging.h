// Minimal leveled logging to stderr. SLUICE_LOG_LEVEL=debug|info|warn|error selects the level.
#pragma once

#include <string_view>

#include "fmt/format.h"

namespace sluice {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

LogLevel CurrentLogLevel();
void LogLine(LogLevel level, std::string_view message);

template <typename... Args>
void LogInfo(fmt::format_string<Args...> format, Args&&... args) {
  if (CurrentLogLevel() <= LogLevel::kInfo)
    LogLine(LogLevel::kInfo, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void LogWarn(fmt::format_string<Args...> format, Args&&... args) {
  if (CurrentLogLevel() <= LogLevel::kWarn)
    LogLine(LogLevel::kWarn, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void LogDebug(fmt::format_string<Args...> format, Args&&... args) {
  if (CurrentLogLevel() <= LogLevel::kDebug)
    LogLine(LogLevel::kDebug, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace sluice
