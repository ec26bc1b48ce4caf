#include "sluice/operators/over_aggregate.h"

#include "sluice/operators/aggregate_arithmetic.h"

namespace sluice::operators {

using planner::AggregateKind;
using types::PhysicalType;
using types::RowKind;
using types::Value;

OverAggregate::OverAggregate(const planner::PlanNode& node)
    : calls_(node.aggregates),
      time_column_(node.time_column),
      rowtime_(node.inputs[0]->schema->field(node.time_column).type.time_attribute !=
               types::TimeAttribute::kProctime),
      frame_(node.frame),
      encoder_(node.partition_keys),
      writer_(node.schema) {
  for (const planner::AggregateCall& call : calls_) {
    argument_scales_.push_back(
        call.argument >= 0 ? node.inputs[0]->schema->field(call.argument).type.scale : 0);
  }
}

Status OverAggregate::Open(runtime::OperatorContext* context) {
  SLUICE_RETURN_IF_ERROR(Operator::Open(context));
  writer_.set_batch_size(context->batch_size);
  return Status();
}

void OverAggregate::Add(std::vector<Accumulator>* accumulators, const Row& row) const {
  for (size_t a = 0; a < calls_.size(); ++a) {
    const planner::AggregateCall& call = calls_[a];
    Accumulator& acc = (*accumulators)[a];
    if (call.kind == AggregateKind::kCountStar) {
      ++acc.count;
      continue;
    }
    const Value& v = row[call.argument];
    if (v.is_null()) continue;
    ++acc.count;
    switch (call.kind) {
      case AggregateKind::kSum:
      case AggregateKind::kAvg:
        if (v.is_double()) {
          double sum = acc.double_sum + v.as_double();
          // SUM(FLOAT) adds in float, as Flink's FloatSumAggFunction.
          if (call.kind == AggregateKind::kSum &&
              call.result_type.physical() == PhysicalType::kFloat) {
            sum = static_cast<float>(sum);
          }
          acc.double_sum = sum;
        } else {
          acc.int_sum = WrappingAdd(acc.int_sum, v.is_bool() ? v.as_bool() : v.as_int());
        }
        break;
      case AggregateKind::kMin:
        if (acc.min.is_null() || v < acc.min) acc.min = v;
        break;
      case AggregateKind::kMax:
        if (acc.max.is_null() || acc.max < v) acc.max = v;
        break;
      default:
        break;
    }
  }
}

void OverAggregate::Results(const std::vector<Accumulator>& accumulators, Row* out) const {
  out->resize(calls_.size());
  for (size_t a = 0; a < calls_.size(); ++a) {
    const planner::AggregateCall& call = calls_[a];
    const Accumulator& acc = accumulators[a];
    const PhysicalType result = call.result_type.physical();
    const bool approximate = types::IsApproximatePhysical(result);
    Value& v = (*out)[a];
    switch (call.kind) {
      case AggregateKind::kCount:
      case AggregateKind::kCountStar:
        v = Value::Int(acc.count);
        break;
      case AggregateKind::kSum:
        v = acc.count == 0 ? Value::Null()
            : approximate  ? Value::Double(acc.double_sum)
                           : Value::Int(NarrowInteger(acc.int_sum, result));
        break;
      case AggregateKind::kAvg:
        if (acc.count == 0) {
          v = Value::Null();
        } else if (approximate) {
          double avg = acc.double_sum / static_cast<double>(acc.count);
          v = Value::Double(result == PhysicalType::kFloat ? static_cast<float>(avg) : avg);
        } else if (call.result_type.id == types::TypeId::kDecimal) {
          v = Value::Int(
              DecimalAverage(acc.int_sum, acc.count, argument_scales_[a], call.result_type.scale));
        } else {
          v = Value::Int(NarrowInteger(IntegerAverage(acc.int_sum, acc.count), result));
        }
        break;
      case AggregateKind::kMin:
        v = acc.min;
        break;
      case AggregateKind::kMax:
        v = acc.max;
        break;
    }
  }
}

Status OverAggregate::Process(Partition* p, int64_t time, const std::vector<Row>& rows,
                              runtime::Output* out) {
  const bool bounded = frame_.preceding >= 0;
  if (!bounded) {
    if (p->accumulators.empty()) p->accumulators.resize(calls_.size());
    if (frame_.rows) {
      for (const Row& row : rows) {
        Add(&p->accumulators, row);
        Results(p->accumulators, &results_);
        SLUICE_RETURN_IF_ERROR(writer_.Append(RowKind::kInsert, row, &results_, out));
      }
      return Status();
    }
    for (const Row& row : rows) Add(&p->accumulators, row);
    Results(p->accumulators, &results_);
    for (const Row& row : rows) {
      SLUICE_RETURN_IF_ERROR(writer_.Append(RowKind::kInsert, row, &results_, out));
    }
    return Status();
  }
  auto recompute = [&]() {
    scratch_.assign(calls_.size(), Accumulator());
    for (const auto& [t, r] : p->frame) Add(&scratch_, r);
    Results(scratch_, &results_);
  };
  if (frame_.rows) {
    for (const Row& row : rows) {
      p->frame.emplace_back(time, row);
      while (static_cast<int64_t>(p->frame.size()) > frame_.preceding + 1) p->frame.pop_front();
      recompute();
      SLUICE_RETURN_IF_ERROR(writer_.Append(RowKind::kInsert, row, &results_, out));
    }
    return Status();
  }
  // RANGE: rows older than time - preceding leave; the current time's peers all count.
  while (!p->frame.empty() && p->frame.front().first < time - frame_.preceding) {
    p->frame.pop_front();
  }
  for (const Row& row : rows) p->frame.emplace_back(time, row);
  recompute();
  for (const Row& row : rows) {
    SLUICE_RETURN_IF_ERROR(writer_.Append(RowKind::kInsert, row, &results_, out));
  }
  return Status();
}

Status OverAggregate::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  const types::Column& times = *batch.columns[time_column_];
  std::vector<Row> one(1);
  for (size_t r = 0; r < batch.num_rows; ++r) {
    if (times.IsNull(r)) continue;
    const int64_t time = times.data<int64_t>()[r];
    key_.clear();
    encoder_.EncodeRow(batch, r, &key_);
    auto [it, inserted] = index_.try_emplace(key_, static_cast<uint32_t>(partitions_.size()));
    if (inserted) partitions_.emplace_back();
    Partition& p = partitions_[it->second];
    if (!rowtime_) {
      ReadRow(batch, r, &one[0]);
      SLUICE_RETURN_IF_ERROR(Process(&p, time, one, out));
      continue;
    }
    const bool late = frame_.preceding < 0 ? time <= watermark_ : time <= p.last_fired;
    if (late) {
      if (context_->metrics != nullptr) ++context_->metrics->late_rows_dropped;
      continue;
    }
    std::vector<Row>& waiting = p.pending[time];
    waiting.emplace_back();
    ReadRow(batch, r, &waiting.back());
    timers_.emplace(time, it->second);
  }
  return writer_.Flush(out);
}

Status OverAggregate::OnWatermark(int64_t watermark, runtime::Output* out) {
  watermark_ = std::max(watermark_, watermark);
  while (!timers_.empty() && timers_.begin()->first <= watermark_) {
    auto [time, id] = *timers_.begin();
    timers_.erase(timers_.begin());
    Partition& p = partitions_[id];
    auto rows = p.pending.find(time);
    if (rows == p.pending.end()) continue;
    SLUICE_RETURN_IF_ERROR(Process(&p, time, rows->second, out));
    p.pending.erase(rows);
    p.last_fired = time;
  }
  return writer_.Flush(out);
}

}  // namespace sluice::operators
