#include "sluice/operators/window_accumulators.h"

#include <gtest/gtest.h>

#include "operator_harness.h"

namespace sluice::operators {
namespace {

using planner::AggregateCall;
using planner::AggregateKind;
using testing::MakeBatch;
using types::DataType;
using types::Value;

// Input (k STRING, v BIGINT, d DOUBLE, f BOOLEAN, x FLOAT, s STRING).
types::SchemaPtr Input() {
  return types::MakeSchema({{"k", DataType::String()},
                            {"v", DataType::BigInt()},
                            {"d", DataType::Double()},
                            {"f", DataType::Boolean()},
                            {"x", DataType::Float()},
                            {"s", DataType::String()}});
}

// s is "s<v>" (NULL when v is).
std::vector<Value> Row(const char* k, std::optional<int64_t> v, double d, bool f) {
  return {Value::String(k),     v ? Value::Int(*v) : Value::Null(),
          Value::Double(d),     Value::Bool(f),
          Value::Double(d / 2), v ? Value::String("s" + std::to_string(*v)) : Value::Null()};
}

AggregateCall Call(AggregateKind kind, int argument, DataType result, bool distinct = false,
                   int filter = -1) {
  AggregateCall call;
  call.kind = kind;
  call.argument = argument;
  call.result_type = result.WithNullable(true);
  call.distinct = distinct;
  call.filter = filter;
  return call;
}

// Every existing kind, with DISTINCT and FILTER, over every argument type.
std::vector<AggregateCall> AllCalls() {
  return {
      Call(AggregateKind::kCountStar, -1, DataType::BigInt()),
      Call(AggregateKind::kCount, 1, DataType::BigInt()),
      Call(AggregateKind::kCount, 1, DataType::BigInt(), /*distinct=*/true),
      Call(AggregateKind::kCount, 0, DataType::BigInt(), /*distinct=*/true, /*filter=*/3),
      Call(AggregateKind::kCountStar, -1, DataType::BigInt(), false, /*filter=*/3),
      Call(AggregateKind::kSum, 1, DataType::BigInt()),
      Call(AggregateKind::kSum, 1, DataType::BigInt(), /*distinct=*/true),
      Call(AggregateKind::kSum, 2, DataType::Double()),
      Call(AggregateKind::kSum, 2, DataType::Double(), /*distinct=*/true, /*filter=*/3),
      Call(AggregateKind::kSum, 4, DataType::Float()),
      Call(AggregateKind::kAvg, 1, DataType::BigInt()),
      Call(AggregateKind::kAvg, 1, DataType::BigInt(), /*distinct=*/true),
      Call(AggregateKind::kAvg, 2, DataType::Double()),
      Call(AggregateKind::kMin, 1, DataType::BigInt()),
      Call(AggregateKind::kMax, 1, DataType::BigInt(), false, /*filter=*/3),
      Call(AggregateKind::kMin, 2, DataType::Double()),
      Call(AggregateKind::kMax, 2, DataType::Double(), /*distinct=*/true),
      Call(AggregateKind::kMin, 0, DataType::String()),
      Call(AggregateKind::kMax, 0, DataType::String()),
      Call(AggregateKind::kFirstValue, 1, DataType::BigInt()),
      Call(AggregateKind::kLastValue, 1, DataType::BigInt()),
      Call(AggregateKind::kFirstValue, 5, DataType::String(), false, /*filter=*/3),
      Call(AggregateKind::kLastValue, 5, DataType::String()),
      Call(AggregateKind::kLastValue, 2, DataType::Double(), /*distinct=*/true),
      Call(AggregateKind::kLastValue, 5, DataType::String(), /*distinct=*/true),
      Call(AggregateKind::kListAgg, 5, DataType::String()),
      Call(AggregateKind::kListAgg, 5, DataType::String(), /*distinct=*/true, /*filter=*/3),
      Call(AggregateKind::kApproxCountDistinct, 1, DataType::BigInt()),
      Call(AggregateKind::kApproxCountDistinct, 5, DataType::BigInt(), false, /*filter=*/3),
  };
}

// Rows of two keys ("a" -> slot 0, "b" -> slot 1), with NULLs, repeats and FILTER false.
std::vector<std::vector<Value>> FirstRows() {
  return {Row("a", 5, 1.5, true), Row("b", 2, -1.0, true), Row("a", std::nullopt, 2.5, false),
          Row("a", 5, 1.5, true), Row("b", 7, 4.0, false)};
}
std::vector<std::vector<Value>> SecondRows() {
  return {Row("a", 3, 0.5, true), Row("a", 5, 1.5, false), Row("b", 2, -1.0, true),
          Row("b", 9, 8.0, true), Row("a", 11, 2.5, true), Row("a", std::nullopt, 9.0, true)};
}

// Accumulates `rows` with slot = 0 for key "a" and 1 for "b" (plus `slot_offset`).
void AccumulateRows(WindowAccumulators* acc, const std::vector<std::vector<Value>>& rows,
                    uint32_t slot_offset = 0) {
  types::Batch batch = MakeBatch(Input(), rows);
  std::vector<uint32_t> row_ids;
  std::vector<uint32_t> slots;
  for (uint32_t r = 0; r < rows.size(); ++r) {
    row_ids.push_back(r);
    slots.push_back(slot_offset + (rows[r][0].as_string() == "a" ? 0 : 1));
  }
  acc->Resize(slot_offset + 2);
  acc->Accumulate(batch, row_ids.data(), slots.data(), row_ids.size());
}

// Results of slots [begin, begin + 2) as text, one line per aggregate.
std::vector<std::string> Results(const WindowAccumulators& acc,
                                 const std::vector<AggregateCall>& calls, size_t begin = 0) {
  std::vector<std::string> lines;
  for (size_t a = 0; a < calls.size(); ++a) {
    types::Column column(calls[a].result_type);
    acc.AppendResults(a, begin, begin + 2, &column);
    std::string line = calls[a].ToString(Input().get()) + ":";
    for (size_t s = 0; s < 2; ++s) {
      line += " " + types::FormatValue(types::GetValue(column, s), calls[a].result_type,
                                       absl::UTCTimeZone());
    }
    lines.push_back(line);
  }
  return lines;
}

TEST(WindowAccumulators, MergeEqualsAccumulatingEverythingInOne) {
  const std::vector<AggregateCall> calls = AllCalls();
  WindowAccumulators all(&calls);
  AccumulateRows(&all, FirstRows());
  AccumulateRows(&all, SecondRows());

  WindowAccumulators first(&calls);
  AccumulateRows(&first, FirstRows());
  // The later rows live in slots 2 and 3 of another set: "a" is slot 2 there.
  WindowAccumulators second(&calls);
  AccumulateRows(&second, SecondRows(), /*slot_offset=*/2);
  const uint32_t from_slots[] = {2, 3};
  const uint32_t to_slots[] = {0, 1};
  first.Merge(second, from_slots, to_slots, 2);
  EXPECT_EQ(Results(first, calls), Results(all, calls));
  // The order-dependent kinds, worked out by hand (slot "a", slot "b").
  const std::vector<std::string> expected = {
      "FIRST_VALUE(v): 5 2",
      "LAST_VALUE(v): 11 9",
      "FIRST_VALUE(s) FILTER f: s5 s2",
      "LAST_VALUE(s): s11 s9",
      "LAST_VALUE(DISTINCT d): 9.0 8.0",
      "LAST_VALUE(DISTINCT s): s11 s9",
      "LISTAGG(s): s5,s5,s3,s5,s11 s2,s7,s2,s9",
      "LISTAGG(DISTINCT s) FILTER f: s5,s3,s11 s2,s9",
      "APPROX_COUNT_DISTINCT(v): 3 3",
      "APPROX_COUNT_DISTINCT(s) FILTER f: 3 2",
  };
  const std::vector<std::string> all_lines = Results(all, calls);
  EXPECT_EQ(std::vector<std::string>(all_lines.end() - expected.size(), all_lines.end()), expected);
}

TEST(WindowAccumulators, MergeIntoSlotsThatNeverSawARow) {
  const std::vector<AggregateCall> calls = AllCalls();
  WindowAccumulators all(&calls);
  AccumulateRows(&all, SecondRows());

  WindowAccumulators empty(&calls);  // no batch ever: the argument types are unknown
  empty.Resize(2);
  WindowAccumulators second(&calls);
  AccumulateRows(&second, SecondRows());
  const uint32_t slots[] = {0, 1};
  empty.Merge(second, slots, slots, 2);
  EXPECT_EQ(Results(empty, calls), Results(all, calls));

  // Merging empty slots changes nothing.
  WindowAccumulators nothing(&calls);
  nothing.Resize(2);
  empty.Merge(nothing, slots, slots, 2);
  EXPECT_EQ(Results(empty, calls), Results(all, calls));
}

TEST(WindowAccumulators, MergeSwappedSlotsAndDistinctAcrossBoth) {
  std::vector<AggregateCall> calls = {
      Call(AggregateKind::kCount, 1, DataType::BigInt(), /*distinct=*/true),
      Call(AggregateKind::kSum, 1, DataType::BigInt(), /*distinct=*/true)};
  WindowAccumulators target(&calls);
  AccumulateRows(&target, {Row("a", 1, 0, true), Row("a", 2, 0, true), Row("b", 4, 0, true)});
  WindowAccumulators source(&calls);
  AccumulateRows(&source, {Row("a", 2, 0, true), Row("a", 3, 0, true), Row("b", 4, 0, true)});
  // Source "a" (slot 0) goes into target "b" (slot 1) and the other way round.
  const uint32_t from_slots[] = {0, 1};
  const uint32_t to_slots[] = {1, 0};
  target.Merge(source, from_slots, to_slots, 2);
  // Target a: {1, 2} + {4} -> 3 values, sum 7. Target b: {4} + {2, 3} -> 3 values, sum 9.
  EXPECT_EQ(Results(target, calls),
            (std::vector<std::string>{"COUNT(DISTINCT v): 3 3", "SUM(DISTINCT v): 7 9"}));
}

TEST(WindowAccumulators, MergeKeepsArrivalOrderAcrossSetsForDistinctLists) {
  std::vector<AggregateCall> calls = {
      Call(AggregateKind::kListAgg, 5, DataType::String(), /*distinct=*/true),
      Call(AggregateKind::kLastValue, 5, DataType::String(), /*distinct=*/true),
      Call(AggregateKind::kFirstValue, 5, DataType::String())};
  calls[0].separator = " | ";
  WindowAccumulators target(&calls);
  AccumulateRows(&target, {Row("a", 1, 0, true), Row("a", 2, 0, true)});
  WindowAccumulators source(&calls);
  // s4, s1 (seen in the target), s3, s4: the new values in arrival order are s4, s3, and the
  // last newly seen one is s3.
  AccumulateRows(&source, {Row("a", 4, 0, true), Row("a", 1, 0, true), Row("a", 3, 0, true),
                           Row("a", 4, 0, true)});
  const uint32_t slots[] = {0};
  target.Merge(source, slots, slots, 1);
  EXPECT_EQ(Results(target, calls)[0], "LISTAGG(DISTINCT s, ' | '): s1 | s2 | s4 | s3 NULL");
  EXPECT_EQ(Results(target, calls)[1], "LAST_VALUE(DISTINCT s): s3 NULL");
  EXPECT_EQ(Results(target, calls)[2], "FIRST_VALUE(s): s1 NULL");
}

TEST(WindowAccumulators, ClearDropsEverySlot) {
  const std::vector<AggregateCall> calls = AllCalls();
  WindowAccumulators acc(&calls);
  AccumulateRows(&acc, FirstRows());
  acc.Clear();
  EXPECT_EQ(acc.slots(), 0u);
  AccumulateRows(&acc, SecondRows());
  WindowAccumulators fresh(&calls);
  AccumulateRows(&fresh, SecondRows());
  EXPECT_EQ(Results(acc, calls), Results(fresh, calls));
}

}  // namespace
}  // namespace sluice::operators
