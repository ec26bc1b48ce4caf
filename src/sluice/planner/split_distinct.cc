// SplitDistinctAggregates ('table.optimizer.distinct-agg.split.enabled'): see
// aggregate_strategy.h. An aggregation qualifies when it has a DISTINCT call, every call is
// COUNT, SUM, MIN or MAX (with or without DISTINCT and FILTER), and all DISTINCT calls share one
// argument. It becomes
//   outer GroupAggregate(keys; SUM of counts and sums, MIN of mins, MAX of maxes)
//     inner GroupAggregate(keys, $bucket; the original calls)
//       Calc(*, MOD(HASH_CODE(distinct argument), bucket-num) AS $bucket)
// Every distinct value lands in exactly one bucket, so adding the buckets' distinct counts gives
// the distinct count of the key.
//
// A window aggregation (TUMBLE, HOP, CUMULATE; not SESSION or early/late firing) splits the same
// way: the inner level is the window aggregation grouped by keys and $bucket; the outer level
// windows the inner results again, by a TUMBLE of the windows' step over their window_time, so
// each outer window holds exactly one inner window, grouped by keys, window_start, window_end;
// a Calc restores the original column order.
#include "absl/strings/str_cat.h"
#include "sluice/expr/function_registry.h"
#include "sluice/planner/aggregate_strategy.h"

namespace sluice::planner {

namespace {

// The shared DISTINCT argument when `node` can be split, else -1.
int SplittableDistinctArgument(const PlanNode& node) {
  if (node.kind == NodeKind::kWindowAggregate) {
    if (node.window.kind == WindowKind::kSession || node.window.ProducesUpdates()) return -1;
  } else if (node.kind != NodeKind::kAggregate || node.aggregate_phase != AggregatePhase::kSingle) {
    return -1;
  }
  int argument = -1;
  for (const AggregateCall& call : node.aggregates) {
    switch (call.kind) {
      case AggregateKind::kCount:
      case AggregateKind::kCountStar:
      case AggregateKind::kSum:
      case AggregateKind::kMin:
      case AggregateKind::kMax:
        break;
      default:
        return -1;
    }
    if (!call.distinct) continue;
    if (argument >= 0 && call.argument != argument) return -1;
    argument = call.argument;
  }
  return argument;
}

StatusOr<PlanPtr> Split(std::shared_ptr<PlanNode> node, int argument, int64_t buckets) {
  const PlanPtr& input = node->inputs[0];
  const types::Schema& input_schema = *input->schema;
  const int width = static_cast<int>(input_schema.size());

  // The bucket joins the Calc below when there is one (the optimizer has already merged Calcs).
  std::shared_ptr<PlanNode> calc;
  expr::ExprPtr distinct_value;
  if (input->kind == NodeKind::kCalc) {
    calc = std::make_shared<PlanNode>(*input);
    distinct_value = calc->projections[argument];
  } else {
    calc = NewNode(NodeKind::kCalc, {input});
    for (int c = 0; c < width; ++c) {
      calc->projections.push_back(expr::MakeColumnRef(c, input_schema.field(c).type));
    }
    distinct_value = calc->projections[argument];
  }
  std::vector<types::Field> calc_fields = input_schema.fields();
  SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr hash, expr::ResolveCall("HASH_CODE", {distinct_value}));
  SLUICE_ASSIGN_OR_RETURN(
      expr::ExprPtr bucket,
      expr::ResolveCall(
          "MOD", {hash, expr::MakeLiteral(types::Value::Int(buckets), types::DataType::Int())}));
  calc->projections.push_back(bucket);
  calc_fields.push_back({"$bucket", bucket->type});
  calc->schema = types::MakeSchema(calc_fields);

  auto inner = NewNode(NodeKind::kAggregate, {calc});
  inner->group_keys = node->group_keys;
  inner->group_keys.push_back(width);
  inner->aggregates = node->aggregates;
  inner->kind = node->kind;
  inner->window = node->window;
  inner->time_column = node->time_column;
  std::vector<types::Field> inner_fields;
  for (int k : inner->group_keys) inner_fields.push_back(calc_fields[k]);
  for (const AggregateCall& call : inner->aggregates) {
    inner_fields.push_back({call.name, call.result_type});
  }
  const int keys = static_cast<int>(node->group_keys.size());
  const int calls = static_cast<int>(node->aggregates.size());
  const bool windowed = node->kind == NodeKind::kWindowAggregate;
  if (windowed) {
    // window_start, window_end, window_time, as the original node has them.
    for (int w = 0; w < 3; ++w) inner_fields.push_back(node->schema->field(keys + calls + w));
  }
  inner->schema = types::MakeSchema(inner_fields);

  auto outer = NewNode(node->kind, {inner});
  for (int k = 0; k < keys; ++k) outer->group_keys.push_back(k);
  // Inner columns: keys, $bucket, calls, then window_start, window_end, window_time.
  const int inner_windows = keys + 1 + calls;
  std::vector<types::Field> outer_fields(inner_fields.begin(), inner_fields.begin() + keys);
  if (windowed) {
    outer->group_keys.push_back(inner_windows);
    outer->group_keys.push_back(inner_windows + 1);
    outer_fields.push_back(inner_fields[inner_windows]);
    outer_fields.push_back(inner_fields[inner_windows + 1]);
    outer->time_column = inner_windows + 2;
    outer->window.kind = WindowKind::kTumble;
    outer->window.size =
        node->window.kind == WindowKind::kTumble ? node->window.size : node->window.slide;
    outer->window.offset = node->window.offset;
    outer->window.ltz = node->window.ltz;
  }
  for (int a = 0; a < calls; ++a) {
    AggregateCall call = node->aggregates[a];
    if (call.kind == AggregateKind::kCount || call.kind == AggregateKind::kCountStar) {
      call.kind = AggregateKind::kSum;
    }
    call.argument = keys + 1 + a;
    call.distinct = false;
    call.filter = -1;
    outer->aggregates.push_back(call);
    outer_fields.push_back(node->schema->field(keys + a));
  }
  if (!windowed) {
    outer->schema = node->schema;
    return PlanPtr(outer);
  }
  for (int w = 0; w < 3; ++w) outer_fields.push_back(inner_fields[inner_windows + w]);
  outer->schema = types::MakeSchema(outer_fields);
  // Back to keys, calls, window_start, window_end, window_time.
  auto order = NewNode(NodeKind::kCalc, {outer});
  std::vector<int> columns;
  for (int k = 0; k < keys; ++k) columns.push_back(k);
  for (int a = 0; a < calls; ++a) columns.push_back(keys + 2 + a);
  // The inner windows' start and end; the outer window_time equals the inner one.
  columns.push_back(keys);
  columns.push_back(keys + 1);
  columns.push_back(keys + 2 + calls + 2);
  for (int c : columns) {
    order->projections.push_back(expr::MakeColumnRef(c, outer_fields[c].type));
  }
  order->schema = node->schema;
  return PlanPtr(order);
}

}  // namespace

StatusOr<PlanPtr> SplitDistinctAggregates(const PlanPtr& plan, const Options& options) {
  SLUICE_ASSIGN_OR_RETURN(bool enabled,
                          options.GetBool("table.optimizer.distinct-agg.split.enabled", false));
  if (!enabled) return plan;
  SLUICE_ASSIGN_OR_RETURN(int64_t buckets,
                          options.GetInt("table.optimizer.distinct-agg.split.bucket-num", 1024));
  if (buckets <= 0 || buckets > (int64_t{1} << 31) - 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("'table.optimizer.distinct-agg.split.bucket-num' must be a positive INT (got ",
                     buckets, ")"));
  }
  return RewritePlan(plan, [buckets](std::shared_ptr<PlanNode> node) -> StatusOr<PlanPtr> {
    const int argument = SplittableDistinctArgument(*node);
    if (argument < 0) return PlanPtr(node);
    return Split(std::move(node), argument, buckets);
  });
}

}  // namespace sluice::planner
