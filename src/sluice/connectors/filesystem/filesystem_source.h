// The filesystem source: bounded; 'path' is a file or a folder read recursively (names starting
// with '.' or '_' skipped, files sorted by path); one split per file, files dealt round-robin to
// subtasks; each line is one record for the table's format.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sluice/connectors/filesystem/filesystem_factory.h"

namespace sluice::connectors {

/// Every visible data file under `path` (or `path` itself when it is a file), sorted. NotFound
/// when `path` does not exist.
StatusOr<std::vector<std::string>> ListDataFiles(const std::string& path,
                                                 const std::string& table_name);

StatusOr<std::unique_ptr<TableSource>> MakeFilesystemSource(FilesystemConfig config);

}  // namespace sluice::connectors
