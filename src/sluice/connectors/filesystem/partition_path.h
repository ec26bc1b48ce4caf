// Partition folders of a filesystem table: `dt=2021-04-13/hr=08/`, names escaped as Flink's
// PartitionPathUtils does ('/' -> %2F, ':' -> %3A, ...), NULL written as the default name.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sluice/connectors/filesystem/filesystem_factory.h"
#include "sluice/types/batch.h"

namespace sluice::connectors {

void AppendEscapedPathName(std::string_view text, std::string* out);
std::string UnescapePathName(std::string_view text);

/// Appends the partition folder of row `row` of `batch` (physical schema): "k1=v1/k2=v2".
void AppendPartitionPath(const FilesystemConfig& config, const types::Batch& batch, size_t row,
                         std::string* out);

/// The unescaped (key, value) pairs of the `key=value` folders in `relative_path`.
std::vector<std::pair<std::string, std::string>> ParsePartitionPath(std::string_view relative_path);

}  // namespace sluice::connectors
