#include "sluice/log/server/offset_store.h"

#include <filesystem>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "sluice/log/atomic_file.h"

namespace sluice::log {
namespace fs = std::filesystem;

StatusOr<OffsetStore> OffsetStore::Open(const std::string& data_dir) {
  OffsetStore store;
  store.dir_ = data_dir + "/groups";
  std::error_code error;
  fs::create_directories(store.dir_, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot create '", store.dir_, "': ", error.message()));
  }
  for (const fs::directory_entry& entry : fs::directory_iterator(store.dir_)) {
    std::string name = entry.path().filename().string();
    if (!name.ends_with(".offsets")) continue;
    std::string group_id = absl::HexStringToBytes(name.substr(0, name.size() - 8));
    SLUICE_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(entry.path().string()));
    auto& offsets = store.groups_[group_id];
    for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
      std::vector<std::string> fields = absl::StrSplit(line, ' ');
      CommittedOffset committed;
      int32_t partition = 0;
      if (fields.size() != 4 || !absl::SimpleAtoi(fields[1], &partition) ||
          !absl::SimpleAtoi(fields[2], &committed.offset)) {
        return absl::DataLossError(absl::StrCat("corrupt offsets file '", entry.path().string(),
                                                "': line '", std::string(line), "'"));
      }
      committed.metadata = absl::HexStringToBytes(fields[3] == "-" ? "" : fields[3]);
      offsets[{fields[0], partition}] = committed;
    }
  }
  return store;
}

Status OffsetStore::Commit(const std::string& group_id,
                           const std::vector<std::pair<PartitionKey, CommittedOffset>>& offsets) {
  auto& stored = groups_[group_id];
  for (const auto& [key, committed] : offsets) stored[key] = committed;
  return Save(group_id);
}

Status OffsetStore::Save(const std::string& group_id) const {
  std::string text;
  auto found = groups_.find(group_id);
  if (found != groups_.end()) {
    for (const auto& [key, committed] : found->second) {
      std::string metadata = absl::BytesToHexString(committed.metadata);
      absl::StrAppend(&text, key.first, " ", key.second, " ", committed.offset, " ",
                      metadata.empty() ? "-" : metadata, "\n");
    }
  }
  return WriteFileAtomically(absl::StrCat(dir_, "/", absl::BytesToHexString(group_id), ".offsets"),
                             text);
}

std::optional<CommittedOffset> OffsetStore::Find(const std::string& group_id,
                                                 const std::string& topic,
                                                 int32_t partition) const {
  auto group = groups_.find(group_id);
  if (group == groups_.end()) return std::nullopt;
  auto it = group->second.find({topic, partition});
  if (it == group->second.end()) return std::nullopt;
  return it->second;
}

std::vector<std::pair<OffsetStore::PartitionKey, CommittedOffset>> OffsetStore::AllOf(
    const std::string& group_id) const {
  std::vector<std::pair<PartitionKey, CommittedOffset>> all;
  auto group = groups_.find(group_id);
  if (group == groups_.end()) return all;
  for (const auto& entry : group->second) all.push_back(entry);
  return all;
}

std::vector<std::string> OffsetStore::GroupIds() const {
  std::vector<std::string> ids;
  for (const auto& [group_id, offsets] : groups_) {
    if (!offsets.empty()) ids.push_back(group_id);
  }
  return ids;
}

Status OffsetStore::ForgetTopic(const std::string& topic) {
  for (auto& [group_id, offsets] : groups_) {
    size_t removed = std::erase_if(offsets, [&](const auto& e) { return e.first.first == topic; });
    if (removed > 0) SLUICE_RETURN_IF_ERROR(Save(group_id));
  }
  return Status();
}

}  // namespace sluice::log
