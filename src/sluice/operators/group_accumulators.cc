#include "sluice/operators/group_accumulators.h"

#include "absl/strings/str_cat.h"
#include "sluice/operators/aggregate_arithmetic.h"
#include "sluice/operators/key_encoder.h"
#include "sluice/types/value_codec.h"

namespace sluice::operators {

using planner::AggregateKind;
using types::PhysicalType;
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

GroupAccumulators::GroupAccumulators(std::vector<planner::AggregateCall> calls, bool retracting,
                                     bool partial)
    : calls_(std::move(calls)),
      retracting_(retracting),
      partial_(partial),
      bound_(calls_.size()),
      argument_scales_(calls_.size(), 0) {}

void GroupAccumulators::Init(std::vector<State>* states) const {
  states->clear();
  states->resize(calls_.size());
  for (size_t a = 0; a < calls_.size(); ++a) {
    State& state = (*states)[a];
    if (IsMinMax(calls_[a].kind)) state.values = std::make_unique<std::map<Value, int64_t>>();
    if (calls_[a].distinct) state.distinct = std::make_unique<std::map<Value, int64_t>>();
    if (IsOrdered(calls_[a].kind) && retracting_) {
      state.ordered = std::make_unique<ArrivalOrderedValues>();
    }
    if (calls_[a].kind == AggregateKind::kApproxCountDistinct) {
      state.sketch = std::make_unique<HyperLogLog>();
    }
  }
}

void GroupAccumulators::Bind(const types::Batch& batch) {
  for (size_t a = 0; a < calls_.size(); ++a) {
    const planner::AggregateCall& call = calls_[a];
    bound_[a].argument = call.argument >= 0 ? batch.columns[call.argument].get() : nullptr;
    bound_[a].filter = call.filter >= 0 ? batch.columns[call.filter].get() : nullptr;
    if (bound_[a].argument != nullptr) argument_scales_[a] = bound_[a].argument->type().scale;
  }
}

void GroupAccumulators::Update(std::vector<State>* states, size_t row, bool accumulate) {
  for (size_t a = 0; a < calls_.size(); ++a) UpdateOne(a, &(*states)[a], row, accumulate);
}

void GroupAccumulators::Results(const std::vector<State>& states,
                                std::vector<Value>* results) const {
  results->resize(calls_.size());
  for (size_t a = 0; a < calls_.size(); ++a) (*results)[a] = Result(a, states[a]);
}

void GroupAccumulators::UpdateOne(size_t aggregate, State* state, size_t row, bool accumulate) {
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
    if (partial_) {  // only the value counts leave a local bundle
      if ((seen[value] += delta) == 0) seen.erase(value);
      return;
    }
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
      if (partial_) {
        if ((values[value] += delta) == 0) values.erase(value);
      } else if (accumulate) {
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

Value GroupAccumulators::Result(size_t aggregate, const State& state) const {
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

void GroupAccumulators::ApplyValue(size_t a, State* state, const Value& value,
                                   int64_t delta) const {
  const planner::AggregateCall& call = calls_[a];
  state->count += delta;
  switch (call.kind) {
    case AggregateKind::kSum:
    case AggregateKind::kAvg:
      if (value.is_double()) {
        double sum = state->double_sum + static_cast<double>(delta) * value.as_double();
        state->double_sum = call.kind == AggregateKind::kSum
                                ? RoundToResult(sum, call.result_type.physical())
                                : sum;
      } else {
        const int64_t v = value.is_bool() ? value.as_bool() : value.as_int();
        state->int_sum =
            delta > 0 ? WrappingAdd(state->int_sum, v) : WrappingSubtract(state->int_sum, v);
      }
      break;
    case AggregateKind::kMin:
    case AggregateKind::kMax: {
      auto [it, inserted] = state->values->try_emplace(value, 0);
      it->second += delta;
      if (it->second <= 0) state->values->erase(it);
      break;
    }
    default:
      break;
  }
}

namespace {

void AppendCounts(const std::map<Value, int64_t>& counts, std::string* out) {
  types::AppendInt64Bytes(static_cast<int64_t>(counts.size()), out);
  for (const auto& [value, count] : counts) {
    types::AppendValueBytes(value, out);
    types::AppendInt64Bytes(count, out);
  }
}

// Calls `apply(value, count)` for every entry of a partial written by AppendCounts.
template <typename Apply>
bool ReadCounts(std::string_view* in, Apply apply) {
  int64_t entries;
  if (!types::ReadInt64Bytes(in, &entries) || entries < 0) return false;
  for (int64_t i = 0; i < entries; ++i) {
    Value value;
    int64_t count;
    if (!types::ReadValueBytes(in, &value) || !types::ReadInt64Bytes(in, &count)) return false;
    apply(std::move(value), count);
  }
  return true;
}

}  // namespace

void GroupAccumulators::Serialize(size_t a, const State& state, std::string* out) const {
  out->push_back(static_cast<char>(argument_scales_[a]));
  if (calls_[a].distinct) {
    AppendCounts(*state.distinct, out);
    return;
  }
  types::AppendInt64Bytes(state.count, out);
  types::AppendInt64Bytes(state.int_sum, out);
  types::AppendDoubleBytes(state.double_sum, out);
  if (state.values != nullptr) AppendCounts(*state.values, out);
}

Status GroupAccumulators::Merge(size_t a, State* state, std::string_view partial) {
  const planner::AggregateCall& call = calls_[a];
  bool ok = !partial.empty();
  if (ok) {
    argument_scales_[a] = static_cast<uint8_t>(partial[0]);
    partial.remove_prefix(1);
  }
  if (ok && call.distinct) {
    ok = ReadCounts(&partial, [&](Value value, int64_t count) {
      auto [it, inserted] = state->distinct->try_emplace(value, 0);
      const int64_t before = it->second;
      it->second += count;
      const int64_t after = it->second;
      if (after <= 0) state->distinct->erase(it);
      if (before <= 0 && after > 0) ApplyValue(a, state, value, 1);
      if (before > 0 && after <= 0) ApplyValue(a, state, value, -1);
    });
  } else if (ok) {
    int64_t count, int_sum;
    double double_sum;
    ok = types::ReadInt64Bytes(&partial, &count) && types::ReadInt64Bytes(&partial, &int_sum) &&
         types::ReadDoubleBytes(&partial, &double_sum);
    if (ok) {
      state->count += count;
      state->int_sum = WrappingAdd(state->int_sum, int_sum);
      const double sum = state->double_sum + double_sum;
      state->double_sum =
          call.kind == AggregateKind::kSum ? RoundToResult(sum, call.result_type.physical()) : sum;
    }
    if (ok && state->values != nullptr) {
      ok = ReadCounts(&partial, [&](Value value, int64_t count) {
        auto [it, inserted] = state->values->try_emplace(std::move(value), 0);
        it->second += count;
        if (it->second <= 0) state->values->erase(it);
      });
    }
  }
  if (!ok || !partial.empty()) {
    return absl::InternalError(
        absl::StrCat("malformed partial aggregate for ", call.name, " in a global aggregation"));
  }
  return Status();
}

}  // namespace sluice::operators
