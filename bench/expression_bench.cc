// Expression kernels evaluated over one 1024-row batch (what Calc runs per projection or
// condition): t(a BIGINT, b BIGINT, c INT in [0, 999], s STRING, u STRING). No targets; they show
// which kernels bound a Calc's rate.
#include <vector>

#include "batch_generator.h"
#include "benchmark/benchmark.h"
#include "operator_driver.h"
#include "sluice/expr/expression_evaluator.h"
#include "sluice/expr/function_registry.h"

namespace sluice::bench {
namespace {

using types::DataType;
using types::Value;

constexpr size_t kBatches = 64;

types::SchemaPtr InputSchema() {
  static const auto schema = types::MakeSchema({{"a", DataType::BigInt()},
                                                {"b", DataType::BigInt()},
                                                {"c", DataType::Int()},
                                                {"s", DataType::String()},
                                                {"u", DataType::String()}});
  return schema;
}

expr::ExprPtr Column(int index) {
  return expr::MakeColumnRef(index, InputSchema()->field(index).type);
}
expr::ExprPtr IntLiteral(int64_t value) {
  return expr::MakeLiteral(Value::Int(value), DataType::Int());
}
expr::ExprPtr StringLiteral(const char* value) {
  return expr::MakeLiteral(Value::String(value), DataType::String());
}
expr::ExprPtr Call(const char* name, std::vector<expr::ExprPtr> args) {
  auto call = expr::ResolveCall(name, std::move(args));
  if (!call.ok()) {
    std::fprintf(stderr, "%s: %s\n", name, std::string(call.status().message()).c_str());
    std::abort();
  }
  return *call;
}

using ExpressionFactory = expr::ExprPtr (*)();

// a > b
expr::ExprPtr CompareColumns() { return Call(">", {Column(0), Column(1)}); }
// c > 500
expr::ExprPtr CompareLiteral() { return Call(">", {Column(2), IntLiteral(500)}); }
// a + b
expr::ExprPtr AddColumns() { return Call("+", {Column(0), Column(1)}); }
// CASE WHEN c < 100 THEN 'low' WHEN c < 500 THEN 'mid' ELSE 'high' END
expr::ExprPtr SearchedCase() {
  return Call("CASE", {Call("<", {Column(2), IntLiteral(100)}), StringLiteral("low"),
                       Call("<", {Column(2), IntLiteral(500)}), StringLiteral("mid"),
                       StringLiteral("high")});
}
// CONCAT(s, '-', u)
expr::ExprPtr ConcatStrings() { return Call("CONCAT", {Column(3), StringLiteral("-"), Column(4)}); }
// s = 'user-42'
expr::ExprPtr StringEquals() { return Call("=", {Column(3), StringLiteral("user-42")}); }
// s LIKE 'user-1%'
expr::ExprPtr LikePrefix() { return Call("LIKE", {Column(3), StringLiteral("user-1%")}); }
// CAST(c AS STRING)
expr::ExprPtr CastToString() { return expr::MakeCast(Column(2), DataType::String()); }

std::vector<types::Batch> InputBatches() {
  BatchGenerator generator;
  const std::vector<std::string> users = BatchGenerator::KeyNames(1000, "user-");
  const std::vector<std::string> pages = BatchGenerator::KeyNames(50, "/page/");
  std::vector<types::Batch> batches;
  for (size_t i = 0; i < kBatches; ++i) {
    batches.push_back(
        MakeBatch(InputSchema(), {generator.Integers(DataType::BigInt(), -1'000'000, 1'000'000),
                                  generator.Integers(DataType::BigInt(), -1'000'000, 1'000'000),
                                  generator.Integers(DataType::Int(), 0, 999),
                                  generator.Strings(users), generator.Strings(pages)}));
  }
  return batches;
}

// One iteration = one expression over one 1024-row batch.
void BM_Expression(benchmark::State& state, ExpressionFactory factory) {
  const std::vector<types::Batch> batches = InputBatches();
  const expr::ExprPtr expression = factory();
  expr::EvalContext context;
  size_t next = 0;
  for (auto _ : state) {
    auto column = expr::Evaluate(*expression, batches[next], context);
    if (!column.ok()) CheckOk(column.status(), state);
    benchmark::DoNotOptimize(column);
    if (++next == batches.size()) next = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatchRows));
}
BENCHMARK_CAPTURE(BM_Expression, compare_bigint_columns, CompareColumns);
BENCHMARK_CAPTURE(BM_Expression, compare_int_literal, CompareLiteral);
BENCHMARK_CAPTURE(BM_Expression, add_bigint, AddColumns);
BENCHMARK_CAPTURE(BM_Expression, case_3_branches, SearchedCase);
BENCHMARK_CAPTURE(BM_Expression, concat_3, ConcatStrings);
BENCHMARK_CAPTURE(BM_Expression, string_equals, StringEquals);
BENCHMARK_CAPTURE(BM_Expression, like_prefix, LikePrefix);
BENCHMARK_CAPTURE(BM_Expression, cast_int_to_string, CastToString);

// WHERE c > 500 as Calc evaluates it: a selection vector of the passing rows.
void BM_ExpressionFilter(benchmark::State& state) {
  const std::vector<types::Batch> batches = InputBatches();
  const expr::ExprPtr predicate = CompareLiteral();
  expr::EvalContext context;
  std::vector<uint32_t> selection;
  size_t next = 0;
  for (auto _ : state) {
    CheckOk(expr::EvaluateFilter(*predicate, batches[next], context, &selection), state);
    benchmark::DoNotOptimize(selection.data());
    if (++next == batches.size()) next = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatchRows));
}
BENCHMARK(BM_ExpressionFilter);

}  // namespace
}  // namespace sluice::bench
