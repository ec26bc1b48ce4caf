#include "sluice/operators/window_accumulators.h"

#include <cstring>

#include "sluice/expr/kernel_templates.h"
#include "sluice/operators/aggregate_arithmetic.h"
#include "sluice/operators/key_encoder.h"

namespace sluice::operators {

using planner::AggregateKind;
using types::Column;
using types::PhysicalType;

namespace {

// --- Kernels: one tight loop per aggregate kind and input type -------------------------------

void CountRows(const uint32_t* slots, size_t count, int64_t* counts) {
  for (size_t i = 0; i < count; ++i) ++counts[slots[i]];
}

template <typename T>
void SumIntegers(const T* values, const uint32_t* rows, const uint32_t* slots, size_t count,
                 int64_t* sums, int64_t* counts) {
  for (size_t i = 0; i < count; ++i) {
    const uint32_t slot = slots[i];
    sums[slot] = WrappingAdd(sums[slot], static_cast<int64_t>(values[rows[i]]));
    ++counts[slot];
  }
}

template <typename T>
void SumDoubles(const T* values, const uint32_t* rows, const uint32_t* slots, size_t count,
                bool float_result, double* sums, int64_t* counts) {
  if (float_result) {
    // FLOAT sums are float arithmetic, as Flink's FloatSumAggFunction.
    for (size_t i = 0; i < count; ++i) {
      const uint32_t slot = slots[i];
      sums[slot] = static_cast<float>(sums[slot] + static_cast<double>(values[rows[i]]));
      ++counts[slot];
    }
    return;
  }
  for (size_t i = 0; i < count; ++i) {
    const uint32_t slot = slots[i];
    sums[slot] += static_cast<double>(values[rows[i]]);
    ++counts[slot];
  }
}

// Which value of a slot a "pick" aggregate keeps.
enum class Pick { kMin, kMax, kFirst, kLast };

// Whether `incoming` replaces `current` (a slot that already has a value).
template <Pick kPick, typename V>
bool Replaces(const V& incoming, const V& current) {
  if constexpr (kPick == Pick::kMin) return incoming < current;
  if constexpr (kPick == Pick::kMax) return current < incoming;
  return kPick == Pick::kLast;
}

template <typename T, typename Acc, Pick kPick>
void PickValues(const T* values, const uint32_t* rows, const uint32_t* slots, size_t count,
                Acc* picked, int64_t* counts) {
  for (size_t i = 0; i < count; ++i) {
    const uint32_t slot = slots[i];
    const Acc value = static_cast<Acc>(values[rows[i]]);
    if (counts[slot]++ == 0 || Replaces<kPick>(value, picked[slot])) picked[slot] = value;
  }
}

template <Pick kPick>
void PickStrings(const std::string_view* values, const uint32_t* rows, const uint32_t* slots,
                 size_t count, std::string* picked, int64_t* counts) {
  for (size_t i = 0; i < count; ++i) {
    const uint32_t slot = slots[i];
    const std::string_view value = values[rows[i]];
    if (counts[slot]++ == 0 || Replaces<kPick>(value, std::string_view(picked[slot]))) {
      picked[slot].assign(value.data(), value.size());
    }
  }
}

// Calls `kernel(typed_values)` with the column's data pointer cast to its physical type
// (strings are not numeric: no call).
template <typename Kernel>
void DispatchNumeric(const Column& column, Kernel&& kernel) {
  expr::DispatchPhysical(column.physical(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (!std::is_same_v<T, std::string_view>) kernel(column.data<T>());
  });
}

// MIN, MAX, FIRST_VALUE, LAST_VALUE: keeps per slot the value `kPick` says, in the vector of the
// argument's type.
template <Pick kPick>
void PickKernel(const Column& argument, const uint32_t* rows, const uint32_t* slots, size_t count,
                int64_t* integers, double* doubles, std::string* strings, int64_t* counts) {
  if (argument.physical() == PhysicalType::kString) {
    return PickStrings<kPick>(argument.strings(), rows, slots, count, strings, counts);
  }
  DispatchNumeric(argument, [&](const auto* values) {
    using T = std::remove_const_t<std::remove_pointer_t<decltype(values)>>;
    if constexpr (std::is_floating_point_v<T>) {
      PickValues<T, double, kPick>(values, rows, slots, count, doubles, counts);
    } else {
      PickValues<T, int64_t, kPick>(values, rows, slots, count, integers, counts);
    }
  });
}

// Whether `incoming` (of a later set) replaces `current` when merging a pick aggregate.
template <typename V>
bool MergeReplaces(AggregateKind kind, const V& incoming, const V& current) {
  switch (kind) {
    case AggregateKind::kMin:
      return Replaces<Pick::kMin>(incoming, current);
    case AggregateKind::kMax:
      return Replaces<Pick::kMax>(incoming, current);
    case AggregateKind::kLastValue:
      return true;
    default:
      return false;
  }
}

// Bytes of the KeyEncoder encoding of a non-NULL value of `type` starting at `data`.
size_t EncodedSize(PhysicalType type, const char* data) {
  if (type != PhysicalType::kString) return 1 + static_cast<size_t>(types::PhysicalWidth(type));
  uint32_t length;
  std::memcpy(&length, data + 1, sizeof(length));
  return 5 + length;
}

// The bytes of a string's KeyEncoder encoding.
std::string_view EncodedString(std::string_view encoded) { return encoded.substr(5); }

// Calls `fn(encoded_value)` for each value of a list of KeyEncoder encodings, in order.
template <typename Fn>
void ForEachEncoded(PhysicalType type, std::string_view list, Fn&& fn) {
  size_t at = 0;
  while (at < list.size()) {
    const size_t size = EncodedSize(type, list.data() + at);
    fn(list.substr(at, size));
    at += size;
  }
}

// Appends an integer-like value to a column of any integer physical type.
void AppendInteger(Column* out, int64_t value) {
  switch (out->physical()) {
    case PhysicalType::kBool:
      return out->Append<uint8_t>(value != 0);
    case PhysicalType::kInt8:
      return out->Append<int8_t>(static_cast<int8_t>(value));
    case PhysicalType::kInt16:
      return out->Append<int16_t>(static_cast<int16_t>(value));
    case PhysicalType::kInt32:
      return out->Append<int32_t>(static_cast<int32_t>(value));
    case PhysicalType::kFloat:
      return out->Append<float>(static_cast<float>(value));
    case PhysicalType::kDouble:
      return out->Append<double>(static_cast<double>(value));
    default:
      return out->Append<int64_t>(value);
  }
}

void AppendDouble(Column* out, double value) {
  if (out->physical() == PhysicalType::kFloat) return out->Append<float>(static_cast<float>(value));
  return out->Append<double>(value);
}

// Whether DISTINCT needs a set of seen values: MIN, MAX, FIRST_VALUE and APPROX_COUNT_DISTINCT
// give the same result without one.
bool KeepsDistinctSet(const planner::AggregateCall& call) {
  if (!call.distinct || call.argument < 0) return false;
  switch (call.kind) {
    case AggregateKind::kCount:
    case AggregateKind::kSum:
    case AggregateKind::kAvg:
    case AggregateKind::kListAgg:
    case AggregateKind::kLastValue:
      return true;
    default:
      return false;
  }
}

// Reads the value of a KeyEncoder encoding of a non-NULL fixed-width value of physical type T.
template <typename T>
T DecodeFixed(std::string_view encoded) {
  T value;
  std::memcpy(&value, encoded.data() + 1, sizeof(T));
  return value;
}

// A SUM(FLOAT) is float arithmetic, as Flink's FloatSumAggFunction.
double AddSums(double a, double b, bool float_result) {
  return float_result ? static_cast<float>(a + b) : a + b;
}

}  // namespace

WindowAccumulators::WindowAccumulators(const std::vector<planner::AggregateCall>* calls)
    : calls_(calls), accumulators_(calls->size()) {}

void WindowAccumulators::Resize(size_t slots) {
  if (slots <= slots_) return;
  for (size_t a = 0; a < accumulators_.size(); ++a) {
    const planner::AggregateCall& call = (*calls_)[a];
    Accumulator& acc = accumulators_[a];
    acc.counts.resize(slots, 0);
    switch (call.kind) {
      case AggregateKind::kCount:
      case AggregateKind::kCountStar:
        break;
      case AggregateKind::kSum:
      case AggregateKind::kAvg:
      case AggregateKind::kMin:
      case AggregateKind::kMax:
      case AggregateKind::kFirstValue:
      case AggregateKind::kLastValue:
        // The argument's type is only known from the first batch: keep both numeric vectors;
        // only one of them is ever touched per aggregate.
        acc.integers.resize(slots, 0);
        acc.doubles.resize(slots, 0);
        if (call.result_type.physical() == PhysicalType::kString) acc.strings.resize(slots);
        break;
      case AggregateKind::kListAgg:
        break;
      case AggregateKind::kApproxCountDistinct:
        acc.sketches.resize(slots);
        break;
    }
    if (KeepsDistinctSet(call)) acc.distinct.resize(slots);
    if (call.kind == AggregateKind::kListAgg ||
        (call.kind == AggregateKind::kLastValue && KeepsDistinctSet(call))) {
      acc.lists.resize(slots);
    }
  }
  slots_ = slots;
}

void WindowAccumulators::Clear() {
  for (Accumulator& acc : accumulators_) {
    acc.counts.clear();
    acc.integers.clear();
    acc.doubles.clear();
    acc.strings.clear();
    acc.distinct.clear();
    acc.lists.clear();
    acc.sketches.clear();
  }
  slots_ = 0;
}

void WindowAccumulators::Accumulate(const types::Batch& batch, const uint32_t* rows,
                                    const uint32_t* slots, size_t count) {
  for (size_t a = 0; a < accumulators_.size(); ++a) AccumulateOne(a, batch, rows, slots, count);
}

void WindowAccumulators::AccumulateOne(size_t aggregate, const types::Batch& batch,
                                       const uint32_t* rows, const uint32_t* slots, size_t count) {
  const planner::AggregateCall& call = (*calls_)[aggregate];
  Accumulator& acc = accumulators_[aggregate];
  const Column* argument = call.argument >= 0 ? batch.columns[call.argument].get() : nullptr;
  const Column* filter = call.filter >= 0 ? batch.columns[call.filter].get() : nullptr;
  if (argument != nullptr) {
    acc.input = argument->physical();
    acc.input_scale = argument->type().scale;
    acc.input_known = true;
  }

  // Prune rows the aggregate must not see: FILTER not TRUE, NULL argument, repeated DISTINCT value.
  const bool distinct = KeepsDistinctSet(call);
  if (filter != nullptr || (argument != nullptr && argument->has_nulls()) || distinct) {
    kept_rows_.clear();
    kept_slots_.clear();
    const uint8_t* filter_values = filter != nullptr ? filter->data<uint8_t>() : nullptr;
    const uint8_t* filter_nulls = filter != nullptr ? filter->nulls() : nullptr;
    const uint8_t* argument_nulls = argument != nullptr ? argument->nulls() : nullptr;
    for (size_t i = 0; i < count; ++i) {
      const uint32_t row = rows[i];
      if (filter_values != nullptr &&
          ((filter_nulls != nullptr && filter_nulls[row]) || filter_values[row] == 0)) {
        continue;
      }
      if (argument_nulls != nullptr && argument_nulls[row]) continue;
      if (distinct) {
        value_.clear();
        KeyEncoder::EncodeValue(*argument, row, &value_);
        if (!acc.distinct[slots[i]].Insert(value_, acc.input != PhysicalType::kString)) continue;
      }
      kept_rows_.push_back(row);
      kept_slots_.push_back(slots[i]);
    }
    rows = kept_rows_.data();
    slots = kept_slots_.data();
    count = kept_rows_.size();
  }
  if (count == 0) return;

  int64_t* counts = acc.counts.data();
  switch (call.kind) {
    case AggregateKind::kCount:
    case AggregateKind::kCountStar:
      CountRows(slots, count, counts);
      return;
    case AggregateKind::kSum:
    case AggregateKind::kAvg: {
      // SUM(FLOAT) adds in float; AVG(FLOAT) keeps a DOUBLE sum (Flink's FloatAvgAggFunction).
      const bool float_result =
          call.kind == AggregateKind::kSum && call.result_type.physical() == PhysicalType::kFloat;
      DispatchNumeric(*argument, [&](const auto* values) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(values)>>;
        if constexpr (std::is_floating_point_v<T>) {
          SumDoubles(values, rows, slots, count, float_result, acc.doubles.data(), counts);
        } else {
          SumIntegers(values, rows, slots, count, acc.integers.data(), counts);
        }
      });
      return;
    }
    case AggregateKind::kMin:
      return PickKernel<Pick::kMin>(*argument, rows, slots, count, acc.integers.data(),
                                    acc.doubles.data(), acc.strings.data(), counts);
    case AggregateKind::kMax:
      return PickKernel<Pick::kMax>(*argument, rows, slots, count, acc.integers.data(),
                                    acc.doubles.data(), acc.strings.data(), counts);
    case AggregateKind::kFirstValue:
      return PickKernel<Pick::kFirst>(*argument, rows, slots, count, acc.integers.data(),
                                      acc.doubles.data(), acc.strings.data(), counts);
    case AggregateKind::kLastValue:
      PickKernel<Pick::kLast>(*argument, rows, slots, count, acc.integers.data(),
                              acc.doubles.data(), acc.strings.data(), counts);
      if (acc.lists.empty()) return;
      [[fallthrough]];  // DISTINCT: also keep the list of values, for Merge
    case AggregateKind::kListAgg:
      for (size_t i = 0; i < count; ++i) {
        KeyEncoder::EncodeValue(*argument, rows[i], &acc.lists[slots[i]]);
        if (call.kind == AggregateKind::kListAgg) ++counts[slots[i]];
      }
      return;
    case AggregateKind::kApproxCountDistinct:
      for (size_t i = 0; i < count; ++i) {
        value_.clear();
        KeyEncoder::EncodeValue(*argument, rows[i], &value_);
        acc.sketches[slots[i]].Add(HyperLogLog::HashOf(value_));
        ++counts[slots[i]];
      }
      return;
  }
}

void WindowAccumulators::Merge(const WindowAccumulators& from, const uint32_t* from_slots,
                               const uint32_t* to_slots, size_t count) {
  SLUICE_CHECK(from.calls_->size() == calls_->size()) << "merging accumulators of other calls";
  for (size_t a = 0; a < accumulators_.size(); ++a) {
    MergeOne(a, from.accumulators_[a], from_slots, to_slots, count);
  }
}

void WindowAccumulators::MergeOne(size_t aggregate, const Accumulator& from,
                                  const uint32_t* from_slots, const uint32_t* to_slots,
                                  size_t count) {
  const planner::AggregateCall& call = (*calls_)[aggregate];
  Accumulator& acc = accumulators_[aggregate];
  // The target may never have seen a batch: take the argument's type from `from`.
  if (from.input_known && !acc.input_known) {
    acc.input = from.input;
    acc.input_scale = from.input_scale;
    acc.input_known = true;
  }
  if (KeepsDistinctSet(call)) {
    for (size_t i = 0; i < count; ++i) MergeDistinct(aggregate, from, from_slots[i], to_slots[i]);
    return;
  }
  const bool float_result =
      call.kind == AggregateKind::kSum && call.result_type.physical() == PhysicalType::kFloat;
  for (size_t i = 0; i < count; ++i) {
    const uint32_t source = from_slots[i];
    const uint32_t slot = to_slots[i];
    const int64_t added = from.counts[source];
    if (added == 0) continue;
    switch (call.kind) {
      case AggregateKind::kCount:
      case AggregateKind::kCountStar:
        break;
      case AggregateKind::kSum:
      case AggregateKind::kAvg:
        // Only the vector of the argument's type is ever non-zero: add both.
        acc.integers[slot] = WrappingAdd(acc.integers[slot], from.integers[source]);
        acc.doubles[slot] = AddSums(acc.doubles[slot], from.doubles[source], float_result);
        break;
      case AggregateKind::kMin:
      case AggregateKind::kMax:
      case AggregateKind::kFirstValue:
      case AggregateKind::kLastValue: {
        const bool empty = acc.counts[slot] == 0;
        if (from.input == PhysicalType::kString) {
          const std::string& value = from.strings[source];
          if (empty || MergeReplaces(call.kind, value, acc.strings[slot])) {
            acc.strings[slot] = value;
          }
        } else if (types::IsApproximatePhysical(from.input)) {
          const double value = from.doubles[source];
          if (empty || MergeReplaces(call.kind, value, acc.doubles[slot])) {
            acc.doubles[slot] = value;
          }
        } else {
          const int64_t value = from.integers[source];
          if (empty || MergeReplaces(call.kind, value, acc.integers[slot])) {
            acc.integers[slot] = value;
          }
        }
        break;
      }
      case AggregateKind::kListAgg:
        acc.lists[slot] += from.lists[source];  // `from`'s values arrived later
        break;
      case AggregateKind::kApproxCountDistinct:
        acc.sketches[slot].Merge(from.sketches[source]);
        break;
    }
    acc.counts[slot] += added;
  }
}

void WindowAccumulators::MergeDistinct(size_t aggregate, const Accumulator& from,
                                       uint32_t from_slot, uint32_t slot) {
  DistinctSet& seen = accumulators_[aggregate].distinct[slot];
  const AggregateKind kind = (*calls_)[aggregate].kind;
  const bool fixed_width = from.input != PhysicalType::kString;
  if (kind == AggregateKind::kListAgg || kind == AggregateKind::kLastValue) {
    // Order matters: add `from`'s new values in the order they arrived there.
    ForEachEncoded(from.input, from.lists[from_slot], [&](std::string_view value) {
      if (seen.Insert(value, fixed_width)) AddEncodedValue(aggregate, slot, value);
    });
    return;
  }
  from.distinct[from_slot].ForEach([&](std::string_view value) {
    if (seen.Insert(value, fixed_width)) AddEncodedValue(aggregate, slot, value);
  });
}

void WindowAccumulators::AddEncodedValue(size_t aggregate, uint32_t slot,
                                         std::string_view encoded) {
  const planner::AggregateCall& call = (*calls_)[aggregate];
  Accumulator& acc = accumulators_[aggregate];
  ++acc.counts[slot];
  if (call.kind == AggregateKind::kListAgg || call.kind == AggregateKind::kLastValue) {
    acc.lists[slot].append(encoded);
    if (call.kind == AggregateKind::kListAgg) return;
    expr::DispatchPhysical(acc.input, [&](auto tag) {
      using T = decltype(tag);
      if constexpr (std::is_same_v<T, std::string_view>) {
        acc.strings[slot] = EncodedString(encoded);
      } else if constexpr (std::is_floating_point_v<T>) {
        acc.doubles[slot] = DecodeFixed<T>(encoded);
      } else {
        acc.integers[slot] = static_cast<int64_t>(DecodeFixed<T>(encoded));
      }
    });
    return;
  }
  if (call.kind != AggregateKind::kSum && call.kind != AggregateKind::kAvg) return;
  const bool float_result =
      call.kind == AggregateKind::kSum && call.result_type.physical() == PhysicalType::kFloat;
  expr::DispatchPhysical(acc.input, [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_floating_point_v<T>) {
      acc.doubles[slot] = AddSums(acc.doubles[slot], DecodeFixed<T>(encoded), float_result);
    } else if constexpr (!std::is_same_v<T, std::string_view>) {
      acc.integers[slot] =
          WrappingAdd(acc.integers[slot], static_cast<int64_t>(DecodeFixed<T>(encoded)));
    }
  });
}

void WindowAccumulators::AppendResults(size_t aggregate, size_t begin, size_t end,
                                       Column* out) const {
  const planner::AggregateCall& call = (*calls_)[aggregate];
  const Accumulator& acc = accumulators_[aggregate];
  const PhysicalType result = call.result_type.physical();
  out->Reserve(out->size() + (end - begin));
  if (call.kind == AggregateKind::kCount || call.kind == AggregateKind::kCountStar) {
    for (size_t s = begin; s < end; ++s) out->Append<int64_t>(acc.counts[s]);
    return;
  }
  if (call.kind == AggregateKind::kApproxCountDistinct) {
    for (size_t s = begin; s < end; ++s) out->Append<int64_t>(acc.sketches[s].Estimate());
    return;
  }
  const bool approximate_input = types::IsApproximatePhysical(acc.input);
  for (size_t s = begin; s < end; ++s) {
    const int64_t count = acc.counts[s];
    if (count == 0) {
      out->AppendNull();
      continue;
    }
    switch (call.kind) {
      case AggregateKind::kSum:
        if (approximate_input) {
          AppendDouble(out, acc.doubles[s]);
        } else {
          AppendInteger(out, NarrowInteger(acc.integers[s], result));
        }
        break;
      case AggregateKind::kAvg:
        if (approximate_input) {
          AppendDouble(out, acc.doubles[s] / static_cast<double>(count));
        } else if (call.result_type.id == types::TypeId::kDecimal) {
          out->Append<int64_t>(
              DecimalAverage(acc.integers[s], count, acc.input_scale, call.result_type.scale));
        } else {
          AppendInteger(out, IntegerAverage(acc.integers[s], count));
        }
        break;
      case AggregateKind::kListAgg: {
        std::string text;
        bool first = true;
        ForEachEncoded(PhysicalType::kString, acc.lists[s], [&](std::string_view value) {
          if (!first) text += call.separator;
          text += EncodedString(value);
          first = false;
        });
        out->AppendString(text);
        break;
      }
      case AggregateKind::kMin:
      case AggregateKind::kMax:
      case AggregateKind::kFirstValue:
      case AggregateKind::kLastValue:
        if (acc.input == PhysicalType::kString) {
          out->AppendString(acc.strings[s]);
        } else if (approximate_input) {
          AppendDouble(out, acc.doubles[s]);
        } else {
          AppendInteger(out, acc.integers[s]);
        }
        break;
      default:
        break;
    }
  }
}

}  // namespace sluice::operators
