#include "sluice/operators/group_aggregate.h"

#include <algorithm>

#include "sluice/operators/aggregate_arithmetic.h"

namespace sluice::operators {

using planner::AggregateKind;
using types::PhysicalType;
using types::RowKind;
using types::Value;

namespace {

bool IsMinMax(AggregateKind kind) {
  return kind == AggregateKind::kMin || kind == AggregateKind::kMax;
}

// Aggregates whose result depends on the order values arrived in.
bool IsOrdered(AggregateKind kind) {
  return kind == AggregateKind::kFirstValue || kind == AggregateKind::kLastValue ||
         kind == AggregateKind::kListAgg;
}

int64_t ReadInteger(const types::Column& column, size_t row) {
  switch (column.physical()) {
    case PhysicalType::kBool:
      return column.data<uint8_t>()[row];
    case PhysicalType::kInt8:
      return column.data<int8_t>()[row];
    case PhysicalType::kInt16:
      return column.data<int16_t>()[row];
    case PhysicalType::kInt32:
      return column.data<int32_t>()[row];
    case PhysicalType::kInt64:
      return column.data<int64_t>()[row];
    default:
      return 0;
  }
}

double ReadDouble(const types::Column& column, size_t row) {
  if (column.physical() == PhysicalType::kFloat) return column.data<float>()[row];
  if (column.physical() == PhysicalType::kDouble) return column.data<double>()[row];
  return static_cast<double>(ReadInteger(column, row));
}

// A FLOAT sum is computed in float arithmetic, as Flink's FloatSumAggFunction.
double RoundToResult(double value, PhysicalType result) {
  return result == PhysicalType::kFloat ? static_cast<double>(static_cast<float>(value)) : value;
}

}  // namespace

GroupAggregate::GroupAggregate(const planner::PlanNode& node, bool batch_mode)
    : schema_(node.schema),
      group_keys_(node.group_keys),
      calls_(node.aggregates),
      batch_mode_(batch_mode),
      // Without a planned input (unit tests), assume it may retract.
      retracting_(!batch_mode &&
                  (node.inputs.empty() || !node.inputs[0]->changelog.IsInsertOnly())),
      encoder_(node.group_keys),
      bound_(node.aggregates.size()),
      argument_scales_(node.aggregates.size(), 0),
      pending_(node.schema) {}

uint32_t GroupAggregate::NewGroup(const types::Batch& batch, size_t row) {
  uint32_t id;
  if (!free_ids_.empty()) {
    id = free_ids_.back();
    free_ids_.pop_back();
  } else {
    id = static_cast<uint32_t>(groups_.size());
    groups_.emplace_back();
  }
  Group& group = groups_[id];
  group.row_count = 0;
  group.keys.clear();
  for (int k : group_keys_) group.keys.push_back(types::GetValue(*batch.columns[k], row));
  group.result.clear();
  group.states.clear();
  group.states.resize(calls_.size());
  for (size_t a = 0; a < calls_.size(); ++a) {
    if (IsMinMax(calls_[a].kind)) {
      group.states[a].values = std::make_unique<std::map<Value, int64_t>>();
    }
    if (calls_[a].distinct) {
      group.states[a].distinct = std::make_unique<std::map<Value, int64_t>>();
    }
    if (IsOrdered(calls_[a].kind) && retracting_) {
      group.states[a].ordered = std::make_unique<ArrivalOrderedValues>();
    }
    if (calls_[a].kind == AggregateKind::kApproxCountDistinct) {
      group.states[a].sketch = std::make_unique<HyperLogLog>();
    }
  }
  return id;
}

void GroupAggregate::Update(size_t aggregate, AggregateState* state, size_t row, bool accumulate) {
  const planner::AggregateCall& call = calls_[aggregate];
  const BoundAggregate& bound = bound_[aggregate];
  if (bound.filter != nullptr &&
      (bound.filter->IsNull(row) || bound.filter->data<uint8_t>()[row] == 0)) {
    return;
  }
  const int64_t delta = accumulate ? 1 : -1;
  if (call.kind == AggregateKind::kCountStar) {
    state->count += delta;
    return;
  }
  const types::Column& argument = *bound.argument;
  if (argument.IsNull(row)) return;
  Value value;
  bool have_value = false;
  if (call.distinct) {
    value = types::GetValue(argument, row);
    have_value = true;
    std::map<Value, int64_t>& seen = *state->distinct;
    if (accumulate) {
      if (seen[value]++ > 0) return;  // already counted in the aggregate
    } else {
      auto it = seen.find(value);
      if (it == seen.end()) return;
      if (--it->second > 0) return;
      seen.erase(it);
    }
  }
  state->count += delta;
  switch (call.kind) {
    case AggregateKind::kCount:
    case AggregateKind::kCountStar:
      break;
    case AggregateKind::kSum:
    case AggregateKind::kAvg:
      if (types::IsApproximatePhysical(argument.physical())) {
        double v = ReadDouble(argument, row);
        double sum = accumulate ? state->double_sum + v : state->double_sum - v;
        // SUM(FLOAT) adds in float; AVG(FLOAT) keeps a DOUBLE sum (Flink's FloatAvgAggFunction).
        state->double_sum = call.kind == AggregateKind::kSum
                                ? RoundToResult(sum, call.result_type.physical())
                                : sum;
      } else {
        int64_t v = ReadInteger(argument, row);
        state->int_sum =
            accumulate ? WrappingAdd(state->int_sum, v) : WrappingSubtract(state->int_sum, v);
      }
      break;
    case AggregateKind::kMin:
    case AggregateKind::kMax: {
      if (!have_value) value = types::GetValue(argument, row);
      std::map<Value, int64_t>& values = *state->values;
      if (accumulate) {
        ++values[value];
      } else {
        auto it = values.find(value);
        if (it != values.end() && --it->second <= 0) values.erase(it);
      }
      break;
    }
    case AggregateKind::kFirstValue:
    case AggregateKind::kLastValue:
    case AggregateKind::kListAgg:
      if (state->ordered != nullptr) {
        if (!have_value) value = types::GetValue(argument, row);
        if (accumulate) {
          state->ordered->Add(std::move(value), next_order_++);
        } else {
          state->ordered->Remove(value);
        }
      } else if (!accumulate) {
        // Insert-only input (the planner said so): nothing to retract.
      } else if (call.kind == AggregateKind::kListAgg) {
        if (state->count > 1) state->text += call.separator;
        state->text += argument.strings()[row];
      } else if (call.kind == AggregateKind::kLastValue || state->count == 1) {
        state->value = have_value ? std::move(value) : types::GetValue(argument, row);
      }
      break;
    case AggregateKind::kApproxCountDistinct:
      if (accumulate) {
        encoded_.clear();
        KeyEncoder::EncodeValue(argument, row, &encoded_);
        state->sketch->Add(HyperLogLog::HashOf(encoded_));
      }
      break;
  }
}

Value GroupAggregate::Result(size_t aggregate, const AggregateState& state) const {
  const planner::AggregateCall& call = calls_[aggregate];
  const PhysicalType result = call.result_type.physical();
  switch (call.kind) {
    case AggregateKind::kCount:
    case AggregateKind::kCountStar:
      return Value::Int(state.count);
    case AggregateKind::kSum:
      if (state.count <= 0) return Value::Null();
      if (types::IsApproximatePhysical(result)) return Value::Double(state.double_sum);
      return Value::Int(NarrowInteger(state.int_sum, result));
    case AggregateKind::kAvg:
      if (state.count <= 0) return Value::Null();
      if (types::IsApproximatePhysical(result)) {
        return Value::Double(RoundToResult(state.double_sum / state.count, result));
      }
      if (call.result_type.id == types::TypeId::kDecimal) {
        return Value::Int(DecimalAverage(state.int_sum, state.count, argument_scales_[aggregate],
                                         call.result_type.scale));
      }
      return Value::Int(NarrowInteger(IntegerAverage(state.int_sum, state.count), result));
    case AggregateKind::kMin:
      return state.values->empty() ? Value::Null() : state.values->begin()->first;
    case AggregateKind::kMax:
      return state.values->empty() ? Value::Null() : state.values->rbegin()->first;
    case AggregateKind::kFirstValue:
      if (state.ordered == nullptr) return state.value;
      return state.ordered->empty() ? Value::Null() : state.ordered->first();
    case AggregateKind::kLastValue:
      if (state.ordered == nullptr) return state.value;
      return state.ordered->empty() ? Value::Null() : state.ordered->last();
    case AggregateKind::kListAgg: {
      if (state.ordered == nullptr) {
        return state.count <= 0 ? Value::Null() : Value::String(state.text);
      }
      if (state.ordered->empty()) return Value::Null();
      std::string text;
      bool first = true;
      for (const auto& [order, value] : state.ordered->by_order()) {
        if (!first) text += call.separator;
        text += value.as_string();
        first = false;
      }
      return Value::String(std::move(text));
    }
    case AggregateKind::kApproxCountDistinct:
      return Value::Int(state.sketch->Estimate());
  }
  return Value::Null();
}

void GroupAggregate::ComputeResult(const Group& group, std::vector<Value>* result) const {
  result->resize(calls_.size());
  for (size_t a = 0; a < calls_.size(); ++a) (*result)[a] = Result(a, group.states[a]);
}

Status GroupAggregate::Emit(RowKind kind, const std::vector<Value>& keys,
                            const std::vector<Value>& values, runtime::Output* out) {
  size_t column = 0;
  for (const Value& key : keys) types::AppendValue(pending_.columns[column++].get(), key);
  for (const Value& value : values) types::AppendValue(pending_.columns[column++].get(), value);
  pending_.row_kinds.push_back(kind);
  ++pending_.num_rows;
  if (static_cast<int64_t>(pending_.num_rows) >= context_->batch_size) return Flush(out);
  return Status();
}

Status GroupAggregate::Flush(runtime::Output* out) {
  if (pending_.num_rows == 0) return Status();
  types::Batch batch = std::move(pending_);
  pending_ = types::Batch(schema_);
  // Insert-only output (batch mode) carries no row kinds.
  if (std::all_of(batch.row_kinds.begin(), batch.row_kinds.end(),
                  [](RowKind k) { return k == RowKind::kInsert; })) {
    batch.row_kinds.clear();
  }
  return out->Collect(std::move(batch));
}

Status GroupAggregate::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  for (size_t a = 0; a < calls_.size(); ++a) {
    const planner::AggregateCall& call = calls_[a];
    bound_[a].argument = call.argument >= 0 ? batch.columns[call.argument].get() : nullptr;
    bound_[a].filter = call.filter >= 0 ? batch.columns[call.filter].get() : nullptr;
    if (bound_[a].argument != nullptr) argument_scales_[a] = bound_[a].argument->type().scale;
  }
  for (size_t row = 0; row < batch.num_rows; ++row) {
    const bool accumulate = types::IsAccumulate(batch.kind(row));
    key_.clear();
    encoder_.EncodeRow(batch, row, &key_);
    auto it = index_.find(key_);
    bool created = false;
    if (it == index_.end()) {
      if (!accumulate) continue;  // retracting a group that does not exist: nothing to do
      it = index_.emplace(key_, NewGroup(batch, row)).first;
      created = true;
    }
    const uint32_t id = it->second;
    Group& group = groups_[id];
    group.row_count += accumulate ? 1 : -1;
    for (size_t a = 0; a < calls_.size(); ++a) Update(a, &group.states[a], row, accumulate);
    if (batch_mode_) continue;  // results are emitted at end of input

    if (group.row_count <= 0) {
      if (!created) SLUICE_RETURN_IF_ERROR(Emit(RowKind::kDelete, group.keys, group.result, out));
      index_.erase(it);
      group.states.clear();
      group.keys.clear();
      group.result.clear();
      free_ids_.push_back(id);
      continue;
    }
    ComputeResult(group, &scratch_);
    if (created) {
      SLUICE_RETURN_IF_ERROR(Emit(RowKind::kInsert, group.keys, scratch_, out));
    } else if (scratch_ == group.result) {
      continue;
    } else {
      SLUICE_RETURN_IF_ERROR(Emit(RowKind::kUpdateBefore, group.keys, group.result, out));
      SLUICE_RETURN_IF_ERROR(Emit(RowKind::kUpdateAfter, group.keys, scratch_, out));
    }
    group.result.swap(scratch_);
  }
  return Flush(out);
}

Status GroupAggregate::EndInput(int input, runtime::Output* out) {
  if (!batch_mode_) return Status();
  // Group ids are never reused in batch mode, so id order is first-seen order.
  for (const Group& group : groups_) {
    if (group.row_count <= 0) continue;
    ComputeResult(group, &scratch_);
    SLUICE_RETURN_IF_ERROR(Emit(RowKind::kInsert, group.keys, scratch_, out));
  }
  if (group_keys_.empty() && groups_.empty()) {
    // SQL: a global aggregate over no rows still has one result row.
    scratch_.assign(calls_.size(), Value::Null());
    for (size_t a = 0; a < calls_.size(); ++a) {
      if (calls_[a].kind == AggregateKind::kCount || calls_[a].kind == AggregateKind::kCountStar ||
          calls_[a].kind == AggregateKind::kApproxCountDistinct) {
        scratch_[a] = Value::Int(0);
      }
    }
    SLUICE_RETURN_IF_ERROR(Emit(RowKind::kInsert, {}, scratch_, out));
  }
  SLUICE_RETURN_IF_ERROR(Flush(out));
  groups_.clear();
  index_.clear();
  return Status();
}

}  // namespace sluice::operators
