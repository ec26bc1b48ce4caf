// The filesystem sink: each writer appends rows to a hidden in-progress part file per partition
// folder (`.part-<uuid>-<subtask>-<n>.inprogress.<uuid>`), rolls it by size or age into a
// pending file, closes every open file at a checkpoint (PrepareCommit), and renames pending files
// to their visible names (`part-<uuid>-<subtask>-<n>`) when the checkpoint completes (Commit) or
// at the end of input (Finish). Insert-only.
#pragma once

#include <memory>

#include "sluice/connectors/filesystem/filesystem_factory.h"

namespace sluice::connectors {

StatusOr<std::unique_ptr<TableSink>> MakeFilesystemSink(FilesystemConfig config);

}  // namespace sluice::connectors
