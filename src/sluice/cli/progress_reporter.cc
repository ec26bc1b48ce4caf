#include "sluice/cli/progress_reporter.h"

#include <cstdio>

#include "sluice/common/clock.h"

namespace sluice::cli {

void ProgressReporter::OnJobStarted(const std::string& name, const runtime::JobProgress& progress,
                                    bool bounded) {
  // Unbounded jobs run until stopped: a progress line would only interleave with their output.
  if (!enabled_ || !bounded) return;
  OnJobFinished();
  stop_ = false;
  thread_ = std::thread([this, &progress, name] {
    int64_t start = MonotonicMicros();
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stop_; })) {
      double seconds = (MonotonicMicros() - start) / 1e6;
      int64_t rows = progress.rows_read.load(std::memory_order_relaxed);
      std::fprintf(stderr, "\r\033[K%s: %lld rows read, %.0f rows/s, %.1f s",
                   name.c_str(), static_cast<long long>(rows), seconds > 0 ? rows / seconds : 0.0,
                   seconds);
      std::fflush(stderr);
    }
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  });
}

void ProgressReporter::OnJobFinished() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

}  // namespace sluice::cli
