// TwoPhaseAggregation ('table.optimizer.agg-phase-strategy'): see aggregate_strategy.h. As in
// Flink, a non-windowed GROUP BY becomes local/global only with mini-batch on, a strategy other
// than ONE_PHASE, and calls that can merge partial accumulators: COUNT, SUM, AVG, MIN, MAX, with
// or without DISTINCT and FILTER (FIRST_VALUE, LAST_VALUE, LISTAGG and APPROX_COUNT_DISTINCT stay
// one phase).
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "sluice/planner/aggregate_strategy.h"

namespace sluice::planner {

namespace {

bool Mergeable(const PlanNode& node) {
  if (node.kind != NodeKind::kAggregate || node.aggregate_phase != AggregatePhase::kSingle) {
    return false;
  }
  for (const AggregateCall& call : node.aggregates) {
    switch (call.kind) {
      case AggregateKind::kCount:
      case AggregateKind::kCountStar:
      case AggregateKind::kSum:
      case AggregateKind::kAvg:
      case AggregateKind::kMin:
      case AggregateKind::kMax:
        break;
      default:
        return false;
    }
  }
  return true;
}

PlanPtr Split(const std::shared_ptr<PlanNode>& node) {
  const types::Schema& input = *node->inputs[0]->schema;
  auto local = NewNode(NodeKind::kAggregate, node->inputs);
  local->aggregate_phase = AggregatePhase::kLocal;
  local->group_keys = node->group_keys;
  local->aggregates = node->aggregates;
  local->changelog = types::ChangelogMode::InsertOnly();
  local->bounded = node->bounded;
  std::vector<types::Field> fields;
  for (int k : node->group_keys) fields.push_back(input.field(k));
  types::DataType row_count = types::DataType::BigInt();
  row_count.nullable = false;
  fields.push_back({"row_count$", row_count});
  const int keys = static_cast<int>(node->group_keys.size());
  auto global = std::make_shared<PlanNode>(*node);
  global->aggregate_phase = AggregatePhase::kGlobal;
  global->inputs = {local};
  global->group_keys.clear();
  for (int k = 0; k < keys; ++k) global->group_keys.push_back(k);
  for (size_t a = 0; a < node->aggregates.size(); ++a) {
    const AggregateCall& call = node->aggregates[a];
    fields.push_back({absl::StrCat(absl::AsciiStrToLower(AggregateName(call.kind)), "$", a),
                      types::DataType::Bytes()});
    AggregateCall& merged = global->aggregates[a];
    merged.argument = keys + 1 + static_cast<int>(a);
    merged.filter = -1;
  }
  local->schema = types::MakeSchema(fields);
  return global;
}

}  // namespace

StatusOr<PlanPtr> TwoPhaseAggregation(const PlanPtr& plan, const Options& options) {
  SLUICE_ASSIGN_OR_RETURN(MiniBatchConfig mini_batch, ReadMiniBatchConfig(options));
  SLUICE_ASSIGN_OR_RETURN(AggPhaseStrategy strategy, ReadAggPhaseStrategy(options));
  if (!mini_batch.enabled || strategy == AggPhaseStrategy::kOnePhase) return plan;
  return RewritePlan(plan, [](std::shared_ptr<PlanNode> node) -> StatusOr<PlanPtr> {
    if (!Mergeable(*node)) return PlanPtr(node);
    return Split(node);
  });
}

}  // namespace sluice::planner
