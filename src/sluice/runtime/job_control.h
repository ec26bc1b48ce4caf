// JobControl: the state every task of a job shares: whether the job is stopping, the first error,
// and the inboxes to close so that no task stays blocked once it stops.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/runtime/inbox.h"

namespace sluice::runtime {

/// Thread-safe.
class JobControl {
 public:
  /// Registers an inbox to close when the job stops (before tasks start).
  void AddInbox(Inbox* inbox);

  /// Records `status` as the job's result unless the job is already stopping, then stops it.
  /// InvalidArgument errors (bad user data, e.g. "file.json:3: ...") keep their message as is;
  /// others are prefixed with the task ("Sink: out (2/4): ...").
  void Fail(const Status& status, const std::string& vertex, int subtask, int parallelism);
  /// Stops the job without an error.
  void Cancel();
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  Status result() const;

 private:
  void StopLocked();

  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  Status first_error_;
  std::vector<Inbox*> inboxes_;
};

}  // namespace sluice::runtime
