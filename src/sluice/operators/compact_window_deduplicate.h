// CompactWindowDeduplicate: window deduplication over TUMBLE windows that keeps, per partition key,
// only the newest window that emitted a row and a 64-bit bitmap of the 64 windows before it (Kwai's
// "timestamp plus ring buffer" scheme), instead of one kept row per key and open window as
// WindowRank does. The planner picks it for keep-first window deduplication whose consumers read
// only the window columns and the partition keys (rank_recognition.h), where any row of a
// (window, key) gives the same result as the row WindowRank would keep.
//
// A row is late, dropped and counted, exactly when WindowRank would drop it: its window's
// window_time (WindowAssigner::WindowTime) is at or below the watermark. Otherwise, if its
// (window, key) has not emitted yet, it is emitted at once (insert-only) instead of when the window
// fires; its window_time is above the watermark, so a window operator downstream still takes it.
// Windows more than 64 behind a key's newest window (disorder the bitmap cannot hold, e.g. before
// the first watermark) are remembered exactly in a per-key overflow list while they are open, so
// results never depend on how much disorder there is; the planner only picks this operator when
// the watermark delay keeps disorder within the bitmap, so the overflow stays empty in steady
// state. A key is dropped once every window up to its newest has fired.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "sluice/operators/key_encoder.h"
#include "sluice/operators/window_assigner.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

class CompactWindowDeduplicate : public runtime::Operator {
 public:
  /// Windows before a key's newest one that its bitmap covers.
  static constexpr int64_t kBitmapWindows = planner::kCompactWindowBitmap;
  static_assert(kBitmapWindows == 64, "the bitmap is one uint64_t");

  /// `node` is a kDeduplicate node over TUMBLE window columns with `compact_window` set.
  explicit CompactWindowDeduplicate(const planner::PlanNode& node);

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status OnWatermark(int64_t watermark, runtime::Output* out) override;
  std::string name() const override { return "CompactWindowDeduplicate"; }

  /// Keys with state, and windows held in overflow lists (for tests and benchmarks).
  size_t key_count() const { return keys_.size(); }
  size_t overflow_windows() const;

 private:
  // 16 bytes per key: the newest window that emitted (implicitly set) and, at bit k, whether
  // window newest - 1 - k emitted.
  struct KeyState {
    int64_t newest = 0;
    uint64_t earlier = 0;
  };

  int64_t Index(int64_t window_end) const;
  int64_t EndOf(int64_t index) const { return index * size_ + offset_; }
  bool Fired(int64_t index) { return window_time_->WindowTime(EndOf(index)) <= watermark_; }
  // Whether the row of window `index` for `key` is the first of its (window, key); records it.
  bool Admit(absl::string_view key, int64_t index);
  // Records the windows a key's bitmap no longer covers that may still take rows.
  void Overflow(absl::string_view key, int64_t newest, uint64_t shifted_out, int64_t shift);
  // The overflow list of `key`, created empty if it has none (rare: allocates).
  std::vector<int64_t>& OverflowList(absl::string_view key);
  // Moves fired_through_ up to the watermark; true if it moved.
  bool AdvanceFired();
  // Drops keys whose every window has fired, and fired overflow windows.
  void Sweep();

  planner::WindowSpec window_;
  int window_end_column_;
  int time_column_;
  int64_t size_;    // window size, micros
  int64_t offset_;  // window offset, micros
  KeyEncoder encoder_;
  std::unique_ptr<WindowAssigner> window_time_;
  int64_t watermark_ = runtime::kMinWatermark;
  // Every window with an index at or below this has fired.
  int64_t fired_through_;
  absl::flat_hash_map<std::string, KeyState> keys_;
  // Open windows more than kBitmapWindows behind the key's newest that emitted.
  absl::flat_hash_map<std::string, std::vector<int64_t>> overflow_;
  // Scratch of ProcessBatch.
  std::vector<uint32_t> rows_;
  std::vector<uint32_t> selected_;
  std::string key_bytes_;
  std::vector<uint32_t> key_offsets_;
};

}  // namespace sluice::operators
