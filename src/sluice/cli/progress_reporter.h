// Shows a running bounded job's progress (rows read, rows/s) on a terminal's stderr.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "sluice/session/session.h"

namespace sluice::cli {

class ProgressReporter : public session::JobObserver {
 public:
  /// Reports only when `enabled` (stderr is a terminal).
  explicit ProgressReporter(bool enabled) : enabled_(enabled) {}
  ~ProgressReporter() override { OnJobFinished(); }
  void OnJobStarted(const std::string& name, const runtime::JobProgress& progress,
                    bool bounded) override;
  void OnJobFinished() override;

 private:
  bool enabled_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
};

}  // namespace sluice::cli
