#include "sluice/runtime/job_control.h"

#include "absl/strings/str_cat.h"
#include "sluice/common/logging.h"

namespace sluice::runtime {

void JobControl::AddInbox(Inbox* inbox) {
  std::lock_guard<std::mutex> lock(mutex_);
  inboxes_.push_back(inbox);
  if (stopping_.load(std::memory_order_relaxed)) inbox->Close();
}

void JobControl::Fail(const Status& status, const std::string& vertex, int subtask,
                      int parallelism) {
  LogDebug("task '{}' ({}/{}) failed: {}", vertex, subtask + 1, parallelism, status.ToString());
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_.load(std::memory_order_relaxed)) return;
  if (absl::IsInvalidArgument(status)) {
    first_error_ = status;
  } else {
    first_error_ = Status(status.code(), absl::StrCat(vertex, " (", subtask + 1, "/", parallelism,
                                                      "): ", status.message()));
  }
  StopLocked();
}

void JobControl::Cancel() {
  std::lock_guard<std::mutex> lock(mutex_);
  StopLocked();
}

void JobControl::StopLocked() {
  stopping_.store(true, std::memory_order_release);
  for (Inbox* inbox : inboxes_) inbox->Close();
}

Status JobControl::result() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return first_error_;
}

}  // namespace sluice::runtime
