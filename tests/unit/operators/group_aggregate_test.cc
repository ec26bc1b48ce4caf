#include "sluice/operators/group_aggregate.h"

#include <gtest/gtest.h>

#include <set>

#include "operator_harness.h"
#include "sluice/operators/local_group_aggregate.h"

namespace sluice::operators {
namespace {

using planner::AggregateCall;
using planner::AggregateKind;
using testing::MakeBatch;
using testing::OperatorHarness;
using types::DataType;
using types::RowKind;
using types::Value;
using Rows = std::vector<std::string>;

constexpr RowKind kI = RowKind::kInsert;
constexpr RowKind kUB = RowKind::kUpdateBefore;
constexpr RowKind kUA = RowKind::kUpdateAfter;
constexpr RowKind kD = RowKind::kDelete;

AggregateCall Call(AggregateKind kind, int argument, DataType result, bool distinct = false,
                   int filter = -1) {
  AggregateCall call;
  call.kind = kind;
  call.argument = argument;
  call.result_type = result;
  call.distinct = distinct;
  call.filter = filter;
  return call;
}

// Input (k STRING, v INT, f BOOLEAN).
types::SchemaPtr Input() {
  static const auto schema = types::MakeSchema(
      {{"k", DataType::String()}, {"v", DataType::Int()}, {"f", DataType::Boolean()}});
  return schema;
}

planner::PlanPtr Node(std::vector<int> keys, std::vector<AggregateCall> calls) {
  auto node = planner::NewNode(planner::NodeKind::kAggregate, {});
  std::vector<types::Field> fields;
  for (int k : keys) fields.push_back(Input()->field(k));
  for (size_t i = 0; i < calls.size(); ++i) {
    fields.push_back({"a" + std::to_string(i), calls[i].result_type});
  }
  node->group_keys = std::move(keys);
  node->aggregates = std::move(calls);
  node->schema = types::MakeSchema(fields);
  return node;
}

std::vector<Value> Row(const char* k, std::optional<int64_t> v, bool f = true) {
  return {Value::String(k), v ? Value::Int(*v) : Value::Null(), Value::Bool(f)};
}

TEST(GroupAggregate, CountEmitsInsertThenUpdates) {
  GroupAggregate op(*Node({0}, {Call(AggregateKind::kCountStar, -1, DataType::BigInt())}), false);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row("a", 1), Row("a", 2), Row("b", 3)})).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 1]", "-U[a, 1]", "+U[a, 2]", "+I[b, 1]"}));
}

TEST(GroupAggregate, RetractionToZeroDeletesAndRestarts) {
  GroupAggregate op(*Node({0}, {Call(AggregateKind::kSum, 1, DataType::Int())}), false);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(MakeBatch(Input(),
                                  {Row("a", 5), Row("a", 7), Row("a", 5), Row("a", 7), Row("x", 1),
                                   Row("a", 2)},
                                  {kI, kI, kD, kUB, kD, kI}))
                  .ok());
  // -U/-D of an unknown group ("x") is ignored; a deleted group starts over with +I.
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 5]", "-U[a, 5]", "+U[a, 12]", "-U[a, 12]", "+U[a, 7]",
                                "-D[a, 7]", "+I[a, 2]"}));
  EXPECT_EQ(op.group_count(), 1u);
}

TEST(GroupAggregate, UnchangedResultEmitsNothing) {
  GroupAggregate op(*Node({0}, {Call(AggregateKind::kMax, 1, DataType::Int())}), false);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(
      h.Process(MakeBatch(Input(), {Row("a", 5), Row("a", 3), Row("a", std::nullopt)})).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 5]"}));
}

TEST(GroupAggregate, MinMaxRetractUseTheMultiset) {
  GroupAggregate op(*Node({0}, {Call(AggregateKind::kMin, 1, DataType::Int()),
                                Call(AggregateKind::kMax, 1, DataType::Int())}),
                    false);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(MakeBatch(Input(),
                                  {Row("a", 5), Row("a", 3), Row("a", 3), Row("a", 3), Row("a", 9),
                                   Row("a", 9)},
                                  {kI, kI, kI, kD, kI, kUB}))
                  .ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 5, 5]", "-U[a, 5, 5]", "+U[a, 3, 5]",
                                // a second 3 and its retraction leave the result unchanged
                                "-U[a, 3, 5]", "+U[a, 3, 9]", "-U[a, 3, 9]", "+U[a, 3, 5]"}));
}

TEST(GroupAggregate, CountDistinctWithRetraction) {
  GroupAggregate op(*Node({0}, {Call(AggregateKind::kCount, 1, DataType::BigInt(), true),
                                Call(AggregateKind::kSum, 1, DataType::Int(), true)}),
                    false);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(MakeBatch(Input(),
                                  {Row("a", 1), Row("a", 1), Row("a", 2), Row("a", 1), Row("a", 1)},
                                  {kI, kI, kI, kD, kD}))
                  .ok());
  EXPECT_EQ(h.TakeRows(),
            (Rows{"+I[a, 1, 1]", "-U[a, 1, 1]", "+U[a, 2, 3]", "-U[a, 2, 3]", "+U[a, 1, 2]"}));
}

TEST(GroupAggregate, FilterAndNullHandling) {
  GroupAggregate op(*Node({0}, {Call(AggregateKind::kCountStar, -1, DataType::BigInt(), false, 2),
                                Call(AggregateKind::kCount, 1, DataType::BigInt()),
                                Call(AggregateKind::kSum, 1, DataType::Int()),
                                Call(AggregateKind::kAvg, 1, DataType::Int())}),
                    true);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  auto batch = MakeBatch(Input(), {Row("a", std::nullopt, true), Row("a", 4, false),
                                   Row("a", 3, true), Row("b", std::nullopt, false)});
  batch.columns[2]->SetNull(0);  // FILTER with NULL is not TRUE
  ASSERT_TRUE(h.Process(std::move(batch)).ok());
  EXPECT_TRUE(h.TakeRows().empty());
  ASSERT_TRUE(h.End().ok());
  // COUNT(*) FILTER counts 1 row of 'a'; AVG(INT) 7/2 truncates to 3; all-NULL SUM is NULL.
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 1, 2, 7, 3]", "+I[b, 0, 0, NULL, NULL]"}));
}

TEST(GroupAggregate, SumOfIntWrapsLikeJava) {
  GroupAggregate op(*Node({}, {Call(AggregateKind::kSum, 1, DataType::Int())}), true);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row("a", 2147483647), Row("a", 1)})).ok());
  ASSERT_TRUE(h.End().ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[-2147483648]"}));
}

TEST(GroupAggregate, AvgOfDecimalRescalesHalfUp) {
  auto schema = types::MakeSchema({{"d", DataType::Decimal(10, 2)}});
  auto node = planner::NewNode(planner::NodeKind::kAggregate, {});
  node->aggregates = {Call(AggregateKind::kAvg, 0, DataType::Decimal(38, 6))};
  node->schema = types::MakeSchema({{"avg", DataType::Decimal(38, 6)}});
  GroupAggregate op(*node, true);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  // (1.00 + 1.00 + 0.01) / 3 = 0.67 = 0.670000; (0.01 + 0.01 + 0.00) / 3 -> 0.006667
  ASSERT_TRUE(
      h.Process(MakeBatch(schema, {{Value::Int(100)}, {Value::Int(100)}, {Value::Int(1)}})).ok());
  ASSERT_TRUE(h.End().ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[0.670000]"}));

  GroupAggregate op2(*node, true);
  OperatorHarness h2(&op2);
  ASSERT_TRUE(h2.Open().ok());
  ASSERT_TRUE(
      h2.Process(MakeBatch(schema, {{Value::Int(1)}, {Value::Int(1)}, {Value::Int(0)}})).ok());
  ASSERT_TRUE(h2.End().ok());
  EXPECT_EQ(h2.TakeRows(), (Rows{"+I[0.006667]"}));
}

TEST(GroupAggregate, FloatSumIsFloatArithmeticButAvgSumsInDouble) {
  auto schema = types::MakeSchema({{"x", DataType::Float()}});
  auto node = planner::NewNode(planner::NodeKind::kAggregate, {});
  node->aggregates = {Call(AggregateKind::kSum, 0, DataType::Float()),
                      Call(AggregateKind::kAvg, 0, DataType::Float())};
  node->schema = types::MakeSchema({{"s", DataType::Float()}, {"a", DataType::Float()}});
  GroupAggregate op(*node, true);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  // 2^24 + 1 is not a float: a float sum loses both ones, a double sum keeps them.
  ASSERT_TRUE(
      h.Process(
           MakeBatch(schema, {{Value::Double(16777216)}, {Value::Double(1)}, {Value::Double(1)}}))
          .ok());
  ASSERT_TRUE(h.End().ok());
  ASSERT_EQ(h.batches.size(), 1u);
  EXPECT_EQ(h.batches[0].columns[0]->data<float>()[0], 16777216.0f);
  EXPECT_EQ(h.batches[0].columns[1]->data<float>()[0], static_cast<float>(16777218.0 / 3));
}

TEST(GroupAggregate, BatchModeEmitsFinalRowsInFirstSeenOrder) {
  GroupAggregate op(*Node({0}, {Call(AggregateKind::kCountStar, -1, DataType::BigInt()),
                                Call(AggregateKind::kMin, 1, DataType::Int())}),
                    true);
  OperatorHarness h(&op, Options(), absl::UTCTimeZone(), /*batch_size=*/2);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row("c", 1), Row("a", 2), Row("c", 0)})).ok());
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row("b", 5), Row("a", 2)}, {kI, kD})).ok());
  EXPECT_TRUE(h.TakeRows().empty());
  ASSERT_TRUE(h.End().ok());
  // 'a' went back to zero rows: not emitted. Output batches respect the batch size.
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[c, 2, 0]", "+I[b, 1, 5]"}));
  EXPECT_FALSE(h.batches.back().has_row_kinds());
}

TEST(GroupAggregate, GlobalAggregateOverEmptyInput) {
  auto node = Node({}, {Call(AggregateKind::kCountStar, -1, DataType::BigInt()),
                        Call(AggregateKind::kSum, 1, DataType::Int())});
  GroupAggregate batch_op(*node, true);
  OperatorHarness batch(&batch_op);
  ASSERT_TRUE(batch.Open().ok());
  ASSERT_TRUE(batch.End().ok());
  EXPECT_EQ(batch.TakeRows(), (Rows{"+I[0, NULL]"}));

  GroupAggregate stream_op(*node, false);
  OperatorHarness stream(&stream_op);
  ASSERT_TRUE(stream.Open().ok());
  ASSERT_TRUE(stream.End().ok());
  EXPECT_TRUE(stream.TakeRows().empty());
  ASSERT_TRUE(stream.Process(MakeBatch(Input(), {Row("a", 4)})).ok());
  EXPECT_EQ(stream.TakeRows(), (Rows{"+I[1, 4]"}));
}

TEST(GroupAggregate, SelectDistinct) {
  GroupAggregate op(*Node({0}, {}), false);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(MakeBatch(Input(),
                                  {Row("a", 1), Row("b", 1), Row("a", 2), Row("b", 1), Row("b", 1)},
                                  {kI, kI, kI, kD, kD}))
                  .ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a]", "+I[b]", "-D[b]"}));
}

TEST(GroupAggregate, NullKeysGroupTogether) {
  GroupAggregate op(*Node({1}, {Call(AggregateKind::kCountStar, -1, DataType::BigInt())}), false);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(
      h.Process(MakeBatch(Input(), {Row("a", std::nullopt), Row("b", std::nullopt), Row("c", 0)}))
          .ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[NULL, 1]", "-U[NULL, 1]", "+U[NULL, 2]", "+I[0, 1]"}));
}

// Over a changelog, FIRST_VALUE, LAST_VALUE and LISTAGG keep every value: a retraction removes
// the oldest occurrence of its value, and the results follow what is left (as Flink's
// *WithRetractAggFunction).
TEST(GroupAggregate, FirstLastListAggFollowRetractions) {
  AggregateCall listagg = Call(AggregateKind::kListAgg, 0, DataType::String());
  listagg.separator = ";";
  GroupAggregate op(*Node({}, {Call(AggregateKind::kFirstValue, 1, DataType::Int()),
                               Call(AggregateKind::kLastValue, 1, DataType::Int()), listagg}),
                    false);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(MakeBatch(Input(),
                                  {Row("a", 1), Row("b", 2), Row("a", 1), Row("c", std::nullopt),
                                   Row("a", 1), Row("c", std::nullopt), Row("b", 2)},
                                  {kI, kI, kI, kI, kD, kD, kUB}))
                  .ok());
  // Values after each row: a1 | a1 b2 | a1 b2 a1 | + c (v NULL) | b2 a1 c | b2 a1 | a1.
  EXPECT_EQ(h.TakeRows(),
            (Rows{"+I[1, 1, a]", "-U[1, 1, a]", "+U[1, 2, a;b]", "-U[1, 2, a;b]", "+U[1, 1, a;b;a]",
                  "-U[1, 1, a;b;a]", "+U[1, 1, a;b;a;c]", "-U[1, 1, a;b;a;c]", "+U[2, 1, b;a;c]",
                  "-U[2, 1, b;a;c]", "+U[2, 1, b;a]", "-U[2, 1, b;a]", "+U[1, 1, a]"}));
}

TEST(GroupAggregate, ApproxCountDistinctCountsDistinctValues) {
  GroupAggregate op(
      *Node({0}, {Call(AggregateKind::kApproxCountDistinct, 1, DataType::BigInt()),
                  Call(AggregateKind::kApproxCountDistinct, 1, DataType::BigInt(), false, 2)}),
      false);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row("a", 1), Row("a", 1), Row("a", std::nullopt),
                                            Row("a", 2, false)}))
                  .ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 1, 1]", "-U[a, 1, 1]", "+U[a, 2, 1]"}));
}

// Mini-batch: rows fold per key until the bundle ends (size, watermark, processing-time latency
// or end of input); each key then emits once, from its last emitted result to its new one.
TEST(GroupAggregate, MiniBatchFoldsUpdatesPerKeyUntilTheBundleEnds) {
  GroupAggregateOptions options;
  options.mini_batch = MiniBatchOptions{/*size=*/5, /*latency=*/1'000'000};
  GroupAggregate op(*Node({0}, {Call(AggregateKind::kCountStar, -1, DataType::BigInt())}), options);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row("a", 1), Row("b", 1), Row("a", 1)})).ok());
  EXPECT_TRUE(h.TakeRows().empty());
  ASSERT_EQ(h.timers().timers, (std::vector<int64_t>{1'001'000'000}));
  // The fifth row fills the bundle: a was never emitted, so one +I with its count so far.
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row("a", 1), Row("c", 1), Row("b", 1)})).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 3]", "+I[b, 1]", "+I[c, 1]"}));
  // b's second row is in the next bundle; the latency timer ends it.
  ASSERT_TRUE(h.AdvanceTime(1'000'500'000).ok());
  EXPECT_TRUE(h.TakeRows().empty());
  ASSERT_TRUE(h.AdvanceTime(1'002'000'000).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"-U[b, 1]", "+U[b, 2]"}));
  // A key inserted and retracted inside one bundle never shows; a watermark ends the bundle.
  ASSERT_TRUE(
      h.Process(MakeBatch(Input(), {Row("d", 1), Row("d", 1), Row("c", 1)}, {kI, kD, kD})).ok());
  ASSERT_TRUE(h.Watermark(0).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"-D[c, 1]"}));
  EXPECT_EQ(op.group_count(), 2u);
}

// table.exec.state.ttl: a group not written for the TTL starts over with +I, and a retraction
// for an expired group is ignored.
TEST(GroupAggregate, StateTtlForgetsIdleGroups) {
  GroupAggregateOptions options;
  options.state_ttl = 10'000'000;
  GroupAggregate op(*Node({0}, {Call(AggregateKind::kCountStar, -1, DataType::BigInt())}), options);
  OperatorHarness h(&op);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row("a", 1), Row("b", 1)})).ok());
  h.timers().now += 6'000'000;
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row("a", 1)})).ok());
  h.timers().now += 6'000'000;  // b idle for 12 s, a for 6 s
  ASSERT_TRUE(
      h.Process(MakeBatch(Input(), {Row("a", 1), Row("b", 1), Row("b", 1)}, {kI, kI, kD})).ok());
  EXPECT_EQ(h.TakeRows(), (Rows{"+I[a, 1]", "+I[b, 1]", "-U[a, 1]", "+U[a, 2]", "-U[a, 2]",
                                "+U[a, 3]", "+I[b, 1]", "-D[b, 1]"}));
  h.timers().now += 11'000'000;
  ASSERT_TRUE(h.Process(MakeBatch(Input(), {Row("a", 1)}, {kD})).ok());
  EXPECT_TRUE(h.TakeRows().empty());
  EXPECT_EQ(op.group_count(), 0u);  // swept
}

// The rows a changelog adds up to ("a, 1" per live row), sorted.
std::multiset<std::string> Materialize(const Rows& changes) {
  std::multiset<std::string> rows;
  for (const std::string& change : changes) {
    std::string row = change.substr(3, change.size() - 4);
    if (change[0] == '+') {
      rows.insert(row);
    } else {
      rows.erase(rows.find(row));
    }
  }
  return rows;
}

// Two-phase: the local half sends one partial per key per bundle; the global half merges them
// into the same results a single GroupAggregate gives, DISTINCT and MIN/MAX retraction included.
TEST(GroupAggregate, LocalAndGlobalPhasesGiveTheSingleAggregateResults) {
  std::vector<AggregateCall> calls = {
      Call(AggregateKind::kCountStar, -1, DataType::BigInt()),
      Call(AggregateKind::kCount, 1, DataType::BigInt(), /*distinct=*/true),
      Call(AggregateKind::kSum, 1, DataType::Int(), false, /*filter=*/2),
      Call(AggregateKind::kMax, 1, DataType::Int()), Call(AggregateKind::kAvg, 1, DataType::Int())};
  planner::PlanPtr single = Node({0}, calls);
  auto local = std::make_shared<planner::PlanNode>(*single);
  local->aggregate_phase = planner::AggregatePhase::kLocal;
  std::vector<types::Field> fields = {Input()->field(0), {"row_count$", DataType::BigInt()}};
  for (size_t a = 0; a < calls.size(); ++a) fields.push_back({"p", DataType::Bytes()});
  local->schema = types::MakeSchema(fields);
  auto global = std::make_shared<planner::PlanNode>(*single);
  global->aggregate_phase = planner::AggregatePhase::kGlobal;
  global->group_keys = {0};
  for (size_t a = 0; a < calls.size(); ++a) {
    global->aggregates[a].argument = 2 + static_cast<int>(a);
    global->aggregates[a].filter = -1;
  }

  LocalGroupAggregate local_op(*local, MiniBatchOptions{});
  GroupAggregate global_op(*global, false);
  GroupAggregate single_op(*single, false);
  OperatorHarness local_h(&local_op), global_h(&global_op), single_h(&single_op);
  ASSERT_TRUE(local_h.Open().ok() && global_h.Open().ok() && single_h.Open().ok());
  const std::vector<std::vector<types::Batch>> bundles = {
      {MakeBatch(Input(), {Row("a", 3), Row("a", 5, false), Row("b", 1), Row("a", 3)})},
      {MakeBatch(Input(), {Row("a", 5, false), Row("a", 3), Row("b", std::nullopt)},
                 {kUB, kUB, kI})},
      {MakeBatch(Input(), {Row("a", 3), Row("b", 1), Row("b", std::nullopt)}, {kD, kD, kD})}};
  for (const auto& bundle : bundles) {
    for (const types::Batch& batch : bundle) {
      ASSERT_TRUE(single_h.Process(batch).ok());
      ASSERT_TRUE(local_h.Process(batch).ok());
    }
    for (types::Batch& partial : local_h.batches) ASSERT_TRUE(global_h.Process(partial).ok());
    local_h.batches.clear();
    // After each bundle, the global results equal the single aggregate's.
    EXPECT_EQ(Materialize(global_h.rows), Materialize(single_h.rows));
  }
  EXPECT_EQ(global_h.TakeRows(),
            (Rows{"+I[a, 3, 2, 6, 5, 3]", "+I[b, 1, 1, 1, 1, 1]", "-U[a, 3, 2, 6, 5, 3]",
                  "+U[a, 1, 1, 3, 3, 3]", "-U[b, 1, 1, 1, 1, 1]", "+U[b, 2, 1, 1, 1, 1]",
                  "-D[a, 1, 1, 3, 3, 3]", "-D[b, 2, 1, 1, 1, 1]"}));
}

}  // namespace
}  // namespace sluice::operators
