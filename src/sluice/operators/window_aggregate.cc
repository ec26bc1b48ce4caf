#include "sluice/operators/window_aggregate.h"

#include <algorithm>
#include <numeric>

#include "sluice/common/clock.h"

namespace sluice::operators {

namespace {

constexpr uint32_t kNoRun = UINT32_MAX;

types::ColumnPtr ConstantColumn(const types::DataType& type, int64_t value, size_t rows) {
  auto column = types::MakeColumn(type);
  column->Resize(rows);
  std::fill_n(column->mutable_data<int64_t>(), rows, value);
  return column;
}

}  // namespace

WindowAggregate::WindowAggregate(const planner::PlanNode& node)
    : schema_(node.schema),
      window_spec_(node.window),
      time_column_(node.time_column),
      proctime_(!node.inputs.empty() &&
                node.inputs[0]->schema->field(node.time_column).type.time_attribute ==
                    types::TimeAttribute::kProctime),
      calls_(node.aggregates),
      encoder_(node.group_keys),
      watermark_(runtime::kMinWatermark) {
  for (size_t k = 0; k < node.group_keys.size(); ++k) {
    key_types_.push_back(schema_->field(k).type);
  }
}

WindowAggregate::~WindowAggregate() = default;

Status WindowAggregate::Open(runtime::OperatorContext* context) {
  context_ = context;
  assigner_ = std::make_unique<WindowAssigner>(window_spec_, context->local_time_zone);
  merged_ = NewGroups();
  return Status();
}

std::unique_ptr<KeyedAccumulators> WindowAggregate::NewGroups() const {
  return std::make_unique<KeyedAccumulators>(&key_types_, &calls_);
}

KeyedAccumulators* WindowAggregate::SliceGroups(int64_t slice_end) {
  auto it = slices_.find(slice_end);
  if (it == slices_.end()) it = slices_.emplace(slice_end, NewGroups()).first;
  return it->second.get();
}

void WindowAggregate::AccumulateLate(int64_t slice_end, const types::Batch& batch,
                                     const uint32_t* rows, size_t count) {
  if (window_spec_.kind != planner::WindowKind::kCumulate) {
    // HOP: the slice still belongs to windows not fired yet.
    SliceGroups(slice_end)->Accumulate(batch, encoder_, rows, count);
    return;
  }
  // CUMULATE: into the base, which the next window to fire emits.
  Cumulation& cumulation = cumulations_[assigner_->MaxWindowEnd(slice_end)];
  if (cumulation.base == nullptr) cumulation.base = NewGroups();
  cumulation.base->Accumulate(batch, encoder_, rows, count);
  int64_t unfired = slice_end;
  while (assigner_->WindowTime(unfired) <= watermark_) unfired += assigner_->slice_size();
  cumulation.next_end = std::min(cumulation.next_end, unfired);
}

Status WindowAggregate::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  const size_t rows = batch.num_rows;
  if (rows == 0) return Status();
  const types::Column& time = *batch.columns[time_column_];
  const int64_t* times = time.data<int64_t>();
  const uint8_t* nulls = time.nulls();
  if (proctime_) {
    // Every row of the batch arrives now: one slice. A row arriving in the millisecond its
    // window fired belongs to the next window.
    int64_t now =
        context_->timers != nullptr ? context_->timers->CurrentProcessingTime() : NowMicros();
    if (watermark_ != runtime::kMinWatermark) now = std::max(now, watermark_ + 1000);
    now_times_.assign(rows, now);
    times = now_times_.data();
    nulls = nullptr;
    ScheduleNextFiring(now_times_[0]);
  }

  // Slice end of every row, and the distinct slices ("runs") of the batch in first-seen order.
  run_of_row_.resize(rows);
  run_ends_.clear();
  int64_t last_end = 0;
  uint32_t last_run = kNoRun;
  for (size_t i = 0; i < rows; ++i) {
    if (nulls != nullptr && nulls[i]) {
      run_of_row_[i] = kNoRun;  // a NULL rowtime is dropped, as Flink does
      continue;
    }
    const int64_t end = assigner_->SliceEnd(assigner_->ToLocal(times[i]));
    if (last_run == kNoRun || end != last_end) {
      auto found = std::find(run_ends_.begin(), run_ends_.end(), end);
      last_run = static_cast<uint32_t>(found - run_ends_.begin());
      if (found == run_ends_.end()) run_ends_.push_back(end);
      last_end = end;
    }
    run_of_row_[i] = last_run;
  }
  if (run_ends_.empty()) return Status();

  // Rows of each run: the whole batch in the common case of one slice and no NULL times.
  const uint32_t* single_run_rows = nullptr;
  if (run_ends_.size() == 1 && nulls == nullptr) {
    if (identity_.size() < rows) {
      identity_.resize(rows);
      std::iota(identity_.begin(), identity_.end(), 0);
    }
    single_run_rows = identity_.data();
  } else {
    if (run_rows_.size() < run_ends_.size()) run_rows_.resize(run_ends_.size());
    for (size_t r = 0; r < run_ends_.size(); ++r) run_rows_[r].clear();
    for (size_t i = 0; i < rows; ++i) {
      if (run_of_row_[i] != kNoRun) run_rows_[run_of_row_[i]].push_back(static_cast<uint32_t>(i));
    }
  }

  const bool cumulate = window_spec_.kind == planner::WindowKind::kCumulate;
  for (size_t r = 0; r < run_ends_.size(); ++r) {
    const int64_t slice_end = run_ends_[r];
    const uint32_t* run_rows = single_run_rows != nullptr ? single_run_rows : run_rows_[r].data();
    const size_t count = single_run_rows != nullptr ? rows : run_rows_[r].size();
    if (assigner_->WindowTime(slice_end) > watermark_) {
      SliceGroups(slice_end)->Accumulate(batch, encoder_, run_rows, count);
      if (cumulate) {
        Cumulation& cumulation = cumulations_[assigner_->MaxWindowEnd(slice_end)];
        cumulation.next_end = std::min(cumulation.next_end, slice_end);
      }
    } else if (assigner_->WindowTime(assigner_->LastWindowEnd(slice_end)) > watermark_) {
      AccumulateLate(slice_end, batch, run_rows, count);
    } else if (context_->metrics != nullptr) {
      // Every window of the slice has fired: the rows are late.
      context_->metrics->late_rows_dropped += static_cast<int64_t>(count);
    }
  }
  return Status();
}

Status WindowAggregate::Emit(const KeyedAccumulators& groups, int64_t window_start,
                             int64_t window_end, bool last_use, runtime::Output* out) {
  const size_t slots = groups.size();
  const size_t keys = key_types_.size();
  const size_t width = schema_->size();
  const size_t chunk = static_cast<size_t>(std::max<int64_t>(context_->batch_size, 1));
  const int64_t window_time = assigner_->WindowTime(window_end);
  for (size_t begin = 0; begin < slots; begin += chunk) {
    const size_t end = std::min(slots, begin + chunk);
    types::Batch batch;
    batch.schema = schema_;
    batch.num_rows = end - begin;
    batch.columns = groups.KeyColumns(begin, end, last_use);
    batch.columns.reserve(width);
    for (size_t a = 0; a < calls_.size(); ++a) {
      auto column = types::MakeColumn(schema_->field(keys + a).type);
      groups.accumulators().AppendResults(a, begin, end, column.get());
      batch.columns.push_back(std::move(column));
    }
    batch.columns.push_back(
        ConstantColumn(schema_->field(width - 3).type, window_start, end - begin));
    batch.columns.push_back(
        ConstantColumn(schema_->field(width - 2).type, window_end, end - begin));
    batch.columns.push_back(
        ConstantColumn(schema_->field(width - 1).type, window_time, end - begin));
    SLUICE_RETURN_IF_ERROR(out->Collect(std::move(batch)));
  }
  return Status();
}

Status WindowAggregate::FireSlidingWindows(runtime::Output* out) {
  const int64_t slide = assigner_->slice_size();
  const int64_t size = window_spec_.size;
  while (!slices_.empty()) {
    // The next window to fire: the one after the last fired, or the first holding a slice.
    int64_t end = slices_.begin()->first;
    if (last_fired_end_ != INT64_MIN) end = std::max(end, last_fired_end_ + slide);
    if (assigner_->WindowTime(end) > watermark_) break;
    if (size == slide) {
      // TUMBLE: the window is its slice (late rows never reopen a fired one).
      auto it = slices_.begin();
      SLUICE_RETURN_IF_ERROR(Emit(*it->second, end - size, end, /*last_use=*/true, out));
      slices_.erase(it);
    } else {
      merged_->Clear();
      for (auto it = slices_.upper_bound(end - size); it != slices_.end() && it->first <= end;
           ++it) {
        merged_->Merge(*it->second);
      }
      if (!merged_->empty()) {
        SLUICE_RETURN_IF_ERROR(Emit(*merged_, end - size, end, /*last_use=*/true, out));
      }
      slices_.erase(end - size + slide);  // the window's oldest slice is in no later window
    }
    last_fired_end_ = end;
  }
  return Status();
}

Status WindowAggregate::FireCumulations(runtime::Output* out) {
  const int64_t step = assigner_->slice_size();
  const int64_t size = window_spec_.size;
  // Max windows do not overlap: while the first is not done, no later one is due.
  while (!cumulations_.empty()) {
    auto it = cumulations_.begin();
    const int64_t max_end = it->first;
    Cumulation& cumulation = it->second;
    while (cumulation.next_end <= max_end &&
           assigner_->WindowTime(cumulation.next_end) <= watermark_) {
      auto slice = slices_.find(cumulation.next_end);
      if (slice != slices_.end()) {
        if (cumulation.base == nullptr) {
          cumulation.base = std::move(slice->second);
        } else {
          cumulation.base->Merge(*slice->second);
        }
        slices_.erase(slice);
      }
      if (cumulation.base != nullptr && !cumulation.base->empty()) {
        SLUICE_RETURN_IF_ERROR(Emit(*cumulation.base, max_end - size, cumulation.next_end,
                                    /*last_use=*/cumulation.next_end == max_end, out));
      }
      cumulation.next_end += step;
    }
    if (cumulation.next_end <= max_end) break;
    cumulations_.erase(it);
  }
  return Status();
}

Status WindowAggregate::Fire(runtime::Output* out) {
  if (window_spec_.kind == planner::WindowKind::kCumulate) return FireCumulations(out);
  return FireSlidingWindows(out);
}

Status WindowAggregate::OnWatermark(int64_t watermark, runtime::Output* out) {
  if (proctime_ && watermark != runtime::kMaxWatermark) return Status();
  watermark_ = std::max(watermark_, watermark);
  return Fire(out);
}

void WindowAggregate::ScheduleNextFiring(int64_t now) {
  if (context_->timers == nullptr) return;
  const int64_t boundary = assigner_->SliceEnd(assigner_->ToLocal(now));
  const int64_t at = assigner_->WindowTime(boundary);
  if (at <= next_timer_) return;
  next_timer_ = at;
  context_->timers->RegisterProcessingTimer(at);
}

Status WindowAggregate::OnProcessingTime(int64_t now, runtime::Output* out) {
  if (!proctime_) return Status();
  // The clock is the watermark of processing-time windows.
  watermark_ = std::max(watermark_, now);
  SLUICE_RETURN_IF_ERROR(Fire(out));
  if (!slices_.empty() || !cumulations_.empty()) ScheduleNextFiring(now + 1000);
  return Status();
}

}  // namespace sluice::operators
