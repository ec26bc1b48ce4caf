// SplitDistinctAggregates ('table.optimizer.distinct-agg.split.enabled'): see
// aggregate_strategy.h. An aggregation qualifies when it has a DISTINCT call, every call is
// COUNT, SUM, MIN or MAX (with or without DISTINCT and FILTER), and all DISTINCT calls share one
// argument. It becomes
//   outer GroupAggregate(keys; SUM of counts and sums, MIN of mins, MAX of maxes)
//     inner GroupAggregate(keys, $bucket; the original calls)
//       Calc(*, MOD(HASH_CODE(distinct argument), bucket-num) AS $bucket)
// Every distinct value lands in exactly one bucket, so adding the buckets' distinct counts gives
// the distinct count of the key.
#include "absl/strings/str_cat.h"
#include "sluice/expr/function_registry.h"
#include "sluice/planner/aggregate_strategy.h"

namespace sluice::planner {

namespace {

// The shared DISTINCT argument when `node` can be split, else -1.
int SplittableDistinctArgument(const PlanNode& node) {
  if (node.kind != NodeKind::kAggregate || node.aggregate_phase != AggregatePhase::kSingle) {
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
  std::vector<types::Field> inner_fields;
  for (int k : inner->group_keys) inner_fields.push_back(calc_fields[k]);
  for (const AggregateCall& call : inner->aggregates) {
    inner_fields.push_back({call.name, call.result_type});
  }
  inner->schema = types::MakeSchema(inner_fields);

  auto outer = NewNode(NodeKind::kAggregate, {inner});
  const int keys = static_cast<int>(node->group_keys.size());
  for (int k = 0; k < keys; ++k) outer->group_keys.push_back(k);
  for (size_t a = 0; a < node->aggregates.size(); ++a) {
    AggregateCall call = node->aggregates[a];
    if (call.kind == AggregateKind::kCount || call.kind == AggregateKind::kCountStar) {
      call.kind = AggregateKind::kSum;
    }
    call.argument = keys + 1 + static_cast<int>(a);
    call.distinct = false;
    call.filter = -1;
    outer->aggregates.push_back(call);
  }
  outer->schema = node->schema;
  return PlanPtr(outer);
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
