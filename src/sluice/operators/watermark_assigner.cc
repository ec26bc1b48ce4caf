#include "sluice/operators/watermark_assigner.h"

#include <algorithm>

#include "sluice/common/clock.h"
#include "sluice/expr/expression_evaluator.h"

namespace sluice::operators {

WatermarkAssigner::WatermarkAssigner(const planner::PlanNode& node, WatermarkOptions options)
    : schema_(node.schema),
      rowtime_column_(node.rowtime_column),
      watermark_(node.watermark),
      options_(options) {}

Status WatermarkAssigner::Open(runtime::OperatorContext* context) {
  context_ = context;
  if (!options_.batch_mode && options_.interval_micros > 0) {
    ScheduleTimer(Now() + options_.interval_micros);
  }
  return Status();
}

int64_t WatermarkAssigner::Now() const {
  return context_->timers != nullptr ? context_->timers->CurrentProcessingTime() : NowMicros();
}

void WatermarkAssigner::ScheduleTimer(int64_t time) {
  if (context_->timers == nullptr || time >= pending_timer_) return;
  pending_timer_ = time;
  context_->timers->RegisterProcessingTimer(time);
}

Status WatermarkAssigner::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  if (options_.batch_mode || batch.num_rows == 0) {
    batch.schema = schema_;
    return batch.num_rows == 0 ? Status() : out->Collect(std::move(batch));
  }
  expr::EvalContext eval;
  eval.local_time_zone = context_->local_time_zone;
  eval.current_timestamp_micros = NowMicros();
  SLUICE_ASSIGN_OR_RETURN(types::ColumnPtr values, expr::Evaluate(*watermark_, batch, eval));

  // The largest watermark value of the batch, ignoring NULL rowtimes and NULL results.
  int64_t batch_max = INT64_MIN;
  const int64_t* data = values->data<int64_t>();
  const uint8_t* value_nulls = values->nulls();
  const uint8_t* rowtime_nulls =
      rowtime_column_ >= 0 ? batch.columns[rowtime_column_]->nulls() : nullptr;
  if (options_.interval_micros == 0 && rowtime_column_ >= 0) {
    return ProcessPerRecord(std::move(batch), data, value_nulls, rowtime_nulls, out);
  }
  if (value_nulls == nullptr && rowtime_nulls == nullptr) {
    for (size_t i = 0; i < batch.num_rows; ++i) batch_max = std::max(batch_max, data[i]);
  } else {
    for (size_t i = 0; i < batch.num_rows; ++i) {
      bool skip = (value_nulls != nullptr && value_nulls[i]) ||
                  (rowtime_nulls != nullptr && rowtime_nulls[i]);
      if (!skip) batch_max = std::max(batch_max, data[i]);
    }
  }

  int split_index = std::max(context_->current_split, 0);
  if (split_index >= static_cast<int>(splits_.size())) splits_.resize(split_index + 1);
  Split& split = splits_[split_index];
  split.seen = true;
  split.watermark = std::max(split.watermark, batch_max);
  int64_t now = options_.idle_timeout_micros > 0 ? Now() : 0;
  split.last_active = now;

  batch.schema = schema_;
  SLUICE_RETURN_IF_ERROR(out->Collect(std::move(batch)));
  if (options_.idle_timeout_micros > 0) ScheduleTimer(now + options_.idle_timeout_micros);
  if (options_.interval_micros == 0) return EmitIfRisen(now, out);
  return Status();
}

// With an interval of 0 the watermark advances after every record, as in Flink. Emitting it
// after every row would cut batches into single rows, so the batch is cut only before a row
// whose rowtime is at or below the watermark pending so far: only such a row can be treated
// differently downstream (late for a window the pending watermark fires). Everywhere else,
// emitting the pending watermark later gives the same results.
Status WatermarkAssigner::ProcessPerRecord(types::Batch batch, const int64_t* values,
                                           const uint8_t* value_nulls,
                                           const uint8_t* rowtime_nulls, runtime::Output* out) {
  int split_index = std::max(context_->current_split, 0);
  if (split_index >= static_cast<int>(splits_.size())) splits_.resize(split_index + 1);
  splits_[split_index].seen = true;
  int64_t now = options_.idle_timeout_micros > 0 ? Now() : 0;
  splits_[split_index].last_active = now;
  const int64_t* rowtimes = batch.columns[rowtime_column_]->data<int64_t>();
  batch.schema = schema_;
  int64_t pending = CurrentWatermark(now);
  size_t segment_start = 0;
  for (size_t i = 0; i < batch.num_rows; ++i) {
    bool null_rowtime = rowtime_nulls != nullptr && rowtime_nulls[i];
    if (!null_rowtime && pending > emitted_ && rowtimes[i] <= pending) {
      if (i > segment_start) SLUICE_RETURN_IF_ERROR(out->Collect(batch.Slice(segment_start, i)));
      segment_start = i;
      emitted_ = pending;
      SLUICE_RETURN_IF_ERROR(out->EmitWatermark(pending));
    }
    if (null_rowtime || (value_nulls != nullptr && value_nulls[i])) continue;
    Split& split = splits_[split_index];
    if (values[i] > split.watermark) {
      split.watermark = values[i];
      pending = splits_.size() == 1 ? split.watermark : CurrentWatermark(now);
    }
  }
  if (segment_start == 0) {
    SLUICE_RETURN_IF_ERROR(out->Collect(std::move(batch)));
  } else if (segment_start < batch.num_rows) {
    SLUICE_RETURN_IF_ERROR(out->Collect(batch.Slice(segment_start, batch.num_rows)));
  }
  if (options_.idle_timeout_micros > 0) ScheduleTimer(now + options_.idle_timeout_micros);
  return EmitIfRisen(now, out);
}

int64_t WatermarkAssigner::CurrentWatermark(int64_t now_micros) const {
  int64_t minimum = INT64_MAX;
  bool any = false;
  for (const Split& split : splits_) {
    if (!split.seen || split.finished) continue;
    if (options_.idle_timeout_micros > 0 &&
        now_micros - split.last_active >= options_.idle_timeout_micros) {
      continue;  // idle: does not hold the watermark back
    }
    minimum = std::min(minimum, split.watermark);
    any = true;
  }
  return any ? minimum : runtime::kMinWatermark;
}

Status WatermarkAssigner::EmitIfRisen(int64_t now_micros, runtime::Output* out) {
  int64_t watermark = CurrentWatermark(now_micros);
  if (watermark <= emitted_) return Status();
  emitted_ = watermark;
  return out->EmitWatermark(watermark);
}

Status WatermarkAssigner::OnSplitFinished(int split, runtime::Output* out) {
  if (options_.batch_mode) return Status();
  if (split >= static_cast<int>(splits_.size())) splits_.resize(split + 1);
  splits_[split].finished = true;
  // With a periodic interval the next timer emits the new minimum.
  if (options_.interval_micros == 0) {
    return EmitIfRisen(options_.idle_timeout_micros > 0 ? Now() : 0, out);
  }
  return Status();
}

Status WatermarkAssigner::OnProcessingTime(int64_t now_micros, runtime::Output* out) {
  if (options_.batch_mode) return Status();
  if (pending_timer_ <= now_micros) pending_timer_ = INT64_MAX;
  SLUICE_RETURN_IF_ERROR(EmitIfRisen(now_micros, out));
  if (options_.interval_micros > 0) ScheduleTimer(now_micros + options_.interval_micros);
  if (options_.idle_timeout_micros > 0) {
    // Wake up when the next active split would turn idle.
    int64_t next_idle = INT64_MAX;
    for (const Split& split : splits_) {
      int64_t idle_at = split.last_active + options_.idle_timeout_micros;
      if (split.seen && idle_at > now_micros) next_idle = std::min(next_idle, idle_at);
    }
    if (next_idle != INT64_MAX) ScheduleTimer(next_idle);
  }
  return Status();
}

}  // namespace sluice::operators
