// Small metadata files written so that a crash leaves either the old or the new content.
#pragma once

#include <string>
#include <string_view>

#include "sluice/common/status.h"

namespace sluice::log {

/// Writes `content` to `path` via a temporary file, fsync and rename (then fsyncs the folder).
Status WriteFileAtomically(const std::string& path, std::string_view content);

/// The whole file; NotFound when it does not exist.
StatusOr<std::string> ReadWholeFile(const std::string& path);

}  // namespace sluice::log
