// WatermarkAssigner: computes the watermark of a source from its rows (WATERMARK FOR rowtime AS
// expr) and passes the rows through unchanged.
//
// As Flink's per-split watermarks: a split's watermark is the largest value of the watermark
// expression seen in its rows (rows whose rowtime or watermark value is NULL are ignored); the
// source's watermark is the minimum over its splits, leaving out splits that received no row for
// 'table.exec.source.idle-timeout' (0 = never idle). The watermark is emitted when it rises:
// after every batch when 'pipeline.auto-watermark-interval' is 0, otherwise from a
// processing-time timer every interval. If every split is idle nothing is emitted.
//
// Simplification: a split exists for the watermark once it has produced a batch; a split that has
// not produced anything yet does not hold the watermark back (Flink would wait for it). In batch
// runtime mode no watermark is emitted at all: the runtime's final +infinity watermark is the only
// one, so no row of a bounded input can be late.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sluice/expr/expression.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

struct WatermarkOptions {
  int64_t interval_micros = 200'000;  // pipeline.auto-watermark-interval
  int64_t idle_timeout_micros = 0;    // table.exec.source.idle-timeout, 0 = off
  bool batch_mode = false;            // execution.runtime-mode = batch
};

class WatermarkAssigner : public runtime::Operator {
 public:
  /// `node` is a kWatermarkAssigner node (rowtime_column, watermark expression).
  WatermarkAssigner(const planner::PlanNode& node, WatermarkOptions options);

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status OnProcessingTime(int64_t now_micros, runtime::Output* out) override;
  Status OnSplitFinished(int split, runtime::Output* out) override;
  std::string name() const override { return "WatermarkAssigner"; }

  /// The watermark the assigner would emit now (for tests): kMinWatermark when none.
  int64_t CurrentWatermark(int64_t now_micros) const;

 private:
  Status ProcessPerRecord(types::Batch batch, const int64_t* values, const uint8_t* value_nulls,
                          const uint8_t* rowtime_nulls, runtime::Output* out);

  struct Split {
    bool seen = false;
    bool finished = false;  // no more data: does not hold the watermark back
    int64_t watermark = INT64_MIN;  // micros, max of the watermark expression
    int64_t last_active = 0;        // processing time of its last batch (micros)
  };

  Status EmitIfRisen(int64_t now_micros, runtime::Output* out);
  // Registers a timer at `time` unless one at or before it is pending.
  void ScheduleTimer(int64_t time);
  int64_t Now() const;

  types::SchemaPtr schema_;
  int rowtime_column_;
  expr::ExprPtr watermark_;
  WatermarkOptions options_;
  std::vector<Split> splits_;
  int64_t emitted_ = INT64_MIN;
  int64_t pending_timer_ = INT64_MAX;  // earliest registered timer not yet fired
};

}  // namespace sluice::operators
