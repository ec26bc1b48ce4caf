#include "sluice/log/log_manager.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "sluice/common/logging.h"
#include "sluice/log/atomic_file.h"

namespace sluice::log {
namespace fs = std::filesystem;
namespace {

constexpr const char* kPropertiesFile = "topic.properties";

Status FilesystemError(const char* what, const std::string& path, const std::error_code& error) {
  return absl::UnavailableError(absl::StrCat(what, " '", path, "': ", error.message()));
}

std::string PropertiesText(int32_t partitions, const std::map<std::string, std::string>& configs) {
  std::string text = absl::StrCat("partitions=", partitions, "\n");
  for (const auto& [key, value] : configs) absl::StrAppend(&text, key, "=", value, "\n");
  return text;
}

}  // namespace

Status ValidateTopicName(const std::string& name) {
  if (name.empty() || name.size() > 249 || name == "." || name == "..") {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid topic name '", name, "': it must have 1 to 249 characters"));
  }
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid topic name '", name,
                       "': only ASCII letters, digits, '.', '_' and '-' are allowed"));
    }
  }
  return Status();
}

StatusOr<std::unique_ptr<LogManager>> LogManager::Open(const std::string& data_dir) {
  std::unique_ptr<LogManager> manager(new LogManager(data_dir));
  std::string topics_dir = data_dir + "/topics";
  std::error_code error;
  fs::create_directories(topics_dir, error);
  if (error) return FilesystemError("cannot create data folder", topics_dir, error);
  std::string lock_path = data_dir + "/.lock";
  manager->lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (manager->lock_fd_ < 0 || ::flock(manager->lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("data folder '", data_dir, "' is in use by another process"));
  }
  for (const fs::directory_entry& entry : fs::directory_iterator(topics_dir)) {
    std::string name = entry.path().filename().string();
    if (name.starts_with(".")) {
      // An unfinished create or delete: finish the delete / undo the create.
      fs::remove_all(entry.path(), error);
      continue;
    }
    if (!fs::exists(entry.path() / kPropertiesFile)) {
      LogWarn("ignoring '{}': a topic folder without {}", entry.path().string(), kPropertiesFile);
      continue;
    }
    SLUICE_RETURN_IF_ERROR(manager->LoadTopic(name));
  }
  return manager;
}

LogManager::~LogManager() {
  Status status = Close();
  if (!status.ok()) LogWarn("closing the log: {}", std::string(status.message()));
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

std::string LogManager::TopicDir(const std::string& name) const {
  return absl::StrCat(data_dir_, "/topics/", name);
}

Status LogManager::LoadTopic(const std::string& name) {
  std::string dir = TopicDir(name);
  SLUICE_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(absl::StrCat(dir, "/", kPropertiesFile)));
  auto topic = std::make_unique<Topic>();
  topic->name = name;
  int32_t partitions = -1;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    size_t eq = line.find('=');
    if (eq == absl::string_view::npos) continue;
    std::string key(line.substr(0, eq));
    std::string value(line.substr(eq + 1));
    if (key == "partitions") {
      if (!absl::SimpleAtoi(value, &partitions)) partitions = -1;
    } else {
      topic->overrides[key] = value;
    }
  }
  if (partitions < 1) {
    return absl::DataLossError(absl::StrCat("topic '", name, "' has no valid partition count in ",
                                            dir, "/", kPropertiesFile));
  }
  SLUICE_ASSIGN_OR_RETURN(topic->config, TopicConfig::FromMap(topic->overrides));
  for (int32_t p = 0; p < partitions; ++p) {
    SLUICE_ASSIGN_OR_RETURN(std::unique_ptr<PartitionLog> log,
                            PartitionLog::Open(absl::StrCat(dir, "/", p), topic->config));
    topic->partitions.push_back(std::move(log));
  }
  topics_[name] = std::move(topic);
  return Status();
}

Status LogManager::CreateTopic(const std::string& name, int32_t partitions,
                               const std::map<std::string, std::string>& configs) {
  SLUICE_RETURN_IF_ERROR(ValidateTopicName(name));
  if (topics_.contains(name)) {
    return absl::AlreadyExistsError(absl::StrCat("topic '", name, "' already exists"));
  }
  if (partitions < 1 || partitions > kMaxPartitions) {
    return absl::InvalidArgumentError(absl::StrCat("invalid partition count for topic '", name,
                                                   "': ", partitions, " (1 to ", kMaxPartitions,
                                                   ")"));
  }
  SLUICE_RETURN_IF_ERROR(TopicConfig::FromMap(configs).status());
  std::string staging = absl::StrCat(data_dir_, "/topics/.", name, ".creating");
  std::error_code error;
  fs::remove_all(staging, error);
  fs::create_directories(staging, error);
  if (error) return FilesystemError("cannot create", staging, error);
  SLUICE_RETURN_IF_ERROR(WriteFileAtomically(absl::StrCat(staging, "/", kPropertiesFile),
                                             PropertiesText(partitions, configs)));
  fs::rename(staging, TopicDir(name), error);
  if (error) return FilesystemError("cannot create topic folder", TopicDir(name), error);
  return LoadTopic(name);
}

Status LogManager::DeleteTopic(const std::string& name) {
  auto it = topics_.find(name);
  if (it == topics_.end()) {
    return absl::NotFoundError(absl::StrCat("unknown topic '", name, "'"));
  }
  topics_.erase(it);  // closes the partitions' files
  std::string doomed = absl::StrCat(data_dir_, "/topics/.", name, ".deleting");
  std::error_code error;
  fs::remove_all(doomed, error);
  fs::rename(TopicDir(name), doomed, error);
  if (error) return FilesystemError("cannot delete topic folder", TopicDir(name), error);
  fs::remove_all(doomed, error);
  if (error) return FilesystemError("cannot delete", doomed, error);
  return Status();
}

Topic* LogManager::FindTopic(const std::string& name) const {
  auto it = topics_.find(name);
  return it == topics_.end() ? nullptr : it->second.get();
}

PartitionLog* LogManager::FindPartition(const std::string& topic, int32_t partition) const {
  Topic* found = FindTopic(topic);
  if (found == nullptr || partition < 0 ||
      partition >= static_cast<int32_t>(found->partitions.size())) {
    return nullptr;
  }
  return found->partitions[static_cast<size_t>(partition)].get();
}

StatusOr<int> LogManager::FlushDue(int64_t now_ms) {
  int flushed = 0;
  for (auto& [name, topic] : topics_) {
    for (auto& partition : topic->partitions) {
      if (!partition->FlushDue(now_ms)) continue;
      SLUICE_RETURN_IF_ERROR(partition->Flush());
      ++flushed;
    }
  }
  return flushed;
}

int64_t LogManager::MillisUntilNextFlush(int64_t now_ms) const {
  int64_t next = TopicConfig::kNever;
  for (const auto& [name, topic] : topics_) {
    for (const auto& partition : topic->partitions) {
      next = std::min(next, partition->MillisUntilFlush(now_ms));
    }
  }
  return next;
}

Status LogManager::ApplyRetention(int64_t now_ms) {
  for (auto& [name, topic] : topics_) {
    for (auto& partition : topic->partitions) {
      SLUICE_RETURN_IF_ERROR(partition->ApplyRetention(now_ms));
    }
  }
  return Status();
}

Status LogManager::Close() {
  Status first;
  for (auto& [name, topic] : topics_) {
    for (auto& partition : topic->partitions) {
      Status status = partition->Close();
      if (first.ok()) first = status;
    }
  }
  return first;
}

}  // namespace sluice::log
