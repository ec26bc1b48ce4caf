// OverAggregate: `agg(x) OVER (PARTITION BY k ORDER BY time ROWS|RANGE BETWEEN .. PRECEDING AND
// CURRENT ROW)`, one output row per input row (the row, then the aggregates), insert-only, as
// Flink's over-aggregate functions:
// - event time: rows wait until the watermark reaches their time, then a partition's rows are
//   processed in time order (equal times in arrival order). With UNBOUNDED PRECEDING a row at or
//   before the current watermark is late (RowTime*UnboundedPrecedingFunction); with a bounded
//   frame a row at or before the last time the partition fired is late
//   (RowTimeRangeBoundedPrecedingFunction, RowTimeRowsBoundedPrecedingFunction). Late rows are
//   dropped and counted.
// - processing time: every row is processed as it arrives (ProcTime*PrecedingFunction).
// ROWS frames hold the current row and the n rows before it; RANGE frames hold every row whose
// time is within the interval before the current row's, and the current row's peers (rows with the
// same time) all get the same result. Aggregates: COUNT, SUM, MIN, MAX, AVG with GroupAggregate's
// arithmetic. Unbounded frames keep running accumulators; bounded frames keep their rows and
// recompute per output row.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sluice/operators/changelog_writer.h"
#include "sluice/operators/key_encoder.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/runtime/operator.h"

namespace sluice::operators {

class OverAggregate : public runtime::Operator {
 public:
  /// `node` is a kOverAggregate node.
  explicit OverAggregate(const planner::PlanNode& node);

  Status Open(runtime::OperatorContext* context) override;
  Status ProcessBatch(int input, types::Batch batch, runtime::Output* out) override;
  Status OnWatermark(int64_t watermark, runtime::Output* out) override;
  std::string name() const override { return "OverAggregate"; }

 private:
  struct Accumulator {
    int64_t count = 0;
    int64_t int_sum = 0;
    double double_sum = 0;
    types::Value min;
    types::Value max;
  };
  struct Partition {
    std::vector<Accumulator> accumulators;        // unbounded frames
    std::deque<std::pair<int64_t, Row>> frame;    // bounded frames: (time, row) in order
    std::map<int64_t, std::vector<Row>> pending;  // event time: rows waiting for the watermark
    int64_t last_fired = runtime::kMinWatermark;  // event time: the last time processed
  };

  void Add(std::vector<Accumulator>* accumulators, const Row& row) const;
  void Results(const std::vector<Accumulator>& accumulators, Row* out) const;
  // Processes rows of one time of a partition (all peers at once for RANGE) and emits them.
  Status Process(Partition* p, int64_t time, const std::vector<Row>& rows, runtime::Output* out);

  std::vector<planner::AggregateCall> calls_;
  std::vector<int> argument_scales_;
  int time_column_;
  bool rowtime_;
  planner::OverFrame frame_;
  KeyEncoder encoder_;
  absl::flat_hash_map<std::string, uint32_t> index_;
  std::vector<Partition> partitions_;
  std::set<std::pair<int64_t, uint32_t>> timers_;  // event time: (time, partition) to process
  int64_t watermark_ = runtime::kMinWatermark;
  ChangelogWriter writer_;
  std::string key_;
  Row results_;
  std::vector<Accumulator> scratch_;
};

}  // namespace sluice::operators
