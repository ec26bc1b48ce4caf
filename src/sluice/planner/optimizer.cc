#include "sluice/planner/optimizer.h"

#include "sluice/expr/expression_evaluator.h"
#include "sluice/planner/rank_recognition.h"
#include "sluice/planner/window_columns.h"

namespace sluice::planner {

using expr::ExprPtr;

StatusOr<ExprPtr> FoldConstants(const ExprPtr& e, const expr::EvalContext& context) {
  if (e->kind == expr::ExprKind::kColumn || e->kind == expr::ExprKind::kLiteral) return e;
  std::vector<ExprPtr> args;
  bool changed = false;
  for (const ExprPtr& a : e->args) {
    SLUICE_ASSIGN_OR_RETURN(ExprPtr folded, FoldConstants(a, context));
    changed |= folded != a;
    args.push_back(folded);
  }
  ExprPtr current = e;
  if (changed) {
    auto copy = std::make_shared<expr::Expression>(*e);
    copy->args = std::move(args);
    current = copy;
  }
  if (current->IsConstant() && !current->type.IsTimeAttribute()) {
    auto value = expr::EvaluateConstant(*current, context);
    // A failing constant (1/0) stays as it is and fails at run time with its message.
    if (value.ok()) return expr::MakeLiteral(*value, current->type);
  }
  return current;
}

namespace {

// Substitutes column references of `e` by `inputs[i]`.
ExprPtr Inline(const ExprPtr& e, const std::vector<ExprPtr>& inputs) {
  if (e->kind == expr::ExprKind::kColumn) {
    const ExprPtr& replacement = inputs[e->column_index];
    if (replacement->type.time_attribute == e->type.time_attribute) return replacement;
    auto copy = std::make_shared<expr::Expression>(*replacement);
    copy->type = e->type;
    return copy;
  }
  if (e->args.empty()) return e;
  auto copy = std::make_shared<expr::Expression>(*e);
  for (ExprPtr& a : copy->args) a = Inline(a, inputs);
  return copy;
}

bool IsDeterministic(const ExprPtr& e) {
  if (e->kind == expr::ExprKind::kCall && e->function && !e->function->deterministic) return false;
  for (const ExprPtr& a : e->args) {
    if (!IsDeterministic(a)) return false;
  }
  return true;
}

bool IsIdentity(const PlanNode& calc) {
  if (calc.condition) return false;
  const types::Schema& input = *calc.inputs[0]->schema;
  if (calc.projections.size() != input.size()) return false;
  for (size_t i = 0; i < calc.projections.size(); ++i) {
    const ExprPtr& p = calc.projections[i];
    if (!p->IsColumn() || p->column_index != static_cast<int>(i)) return false;
    if (calc.schema->field(i).name != input.field(i).name) return false;
  }
  return true;
}

StatusOr<PlanPtr> Rewrite(const PlanPtr& plan, const expr::EvalContext& context) {
  std::vector<PlanPtr> inputs;
  for (const PlanPtr& input : plan->inputs) {
    SLUICE_ASSIGN_OR_RETURN(PlanPtr rewritten, Rewrite(input, context));
    inputs.push_back(rewritten);
  }
  auto node = std::make_shared<PlanNode>(*plan);
  node->inputs = inputs;
  if (node->kind != NodeKind::kCalc) return PlanPtr(node);

  for (ExprPtr& p : node->projections) {
    SLUICE_ASSIGN_OR_RETURN(p, FoldConstants(p, context));
  }
  if (node->condition) {
    SLUICE_ASSIGN_OR_RETURN(node->condition, FoldConstants(node->condition, context));
    const ExprPtr& c = node->condition;
    if (c->IsLiteral() && !c->literal.is_null() && c->literal.as_bool()) node->condition = nullptr;
  }
  const PlanPtr& input = node->inputs[0];
  // Calc over Calc: one Calc (the lower projections are inlined into the upper ones).
  if (input->kind == NodeKind::kCalc) {
    bool deterministic = true;
    for (const ExprPtr& p : input->projections) deterministic &= IsDeterministic(p);
    if (deterministic) {
      auto merged = std::make_shared<PlanNode>(*node);
      merged->inputs = input->inputs;
      for (ExprPtr& p : merged->projections) p = Inline(p, input->projections);
      ExprPtr upper = node->condition ? Inline(node->condition, input->projections) : nullptr;
      if (input->condition && upper) {
        SLUICE_ASSIGN_OR_RETURN(merged->condition,
                                expr::ResolveCall("AND", {input->condition, upper}));
      } else {
        merged->condition = input->condition ? input->condition : upper;
      }
      return Rewrite(merged, context);
    }
  }
  // A filter above a union runs on each branch.
  if (input->kind == NodeKind::kUnion && node->condition) {
    auto union_node = std::make_shared<PlanNode>(*input);
    union_node->inputs.clear();
    for (const PlanPtr& branch : input->inputs) {
      std::vector<ExprPtr> identity;
      std::vector<types::Field> fields = branch->schema->fields();
      auto filter = NewNode(NodeKind::kCalc, {branch});
      for (size_t i = 0; i < fields.size(); ++i) {
        identity.push_back(expr::MakeColumnRef(static_cast<int>(i), fields[i].type));
      }
      filter->projections = identity;
      filter->condition = node->condition;
      filter->schema = branch->schema;
      SLUICE_ASSIGN_OR_RETURN(PlanPtr rewritten, Rewrite(filter, context));
      union_node->inputs.push_back(rewritten);
    }
    auto above = std::make_shared<PlanNode>(*node);
    above->condition = nullptr;
    above->inputs = {union_node};
    if (IsIdentity(*above)) return PlanPtr(union_node);
    return PlanPtr(above);
  }
  if (IsIdentity(*node)) return input;
  return PlanPtr(node);
}

// Rewrites column references through `mapping` (old column -> new column).
ExprPtr Remap(const ExprPtr& e, const std::vector<int>& mapping) {
  return e ? expr::RemapColumns(e, mapping) : nullptr;
}

void Used(const ExprPtr& e, std::vector<bool>* used) {
  if (!e) return;
  std::vector<int> columns;
  e->CollectColumns(&columns);
  for (int c : columns) (*used)[c] = true;
}

// A scan of only the physical columns marked in `used` (scan output indexes), when the connector
// supports it; fills `mapping` (old scan column -> new one). Metadata columns are kept.
PlanPtr ProjectScan(const PlanPtr& scan, const std::vector<bool>& used,
                    ConnectorInspector* inspector, std::vector<int>* mapping) {
  if (inspector == nullptr || !scan->projection.empty() ||
      !inspector->SupportsProjection(*scan->table)) {
    return nullptr;
  }
  int physical = 0;
  for (const catalog::TableColumn& c : scan->table->columns) {
    physical += c.kind == catalog::ColumnKind::kPhysical;
  }
  auto node = std::make_shared<PlanNode>(*scan);
  std::vector<types::Field> fields;
  mapping->assign(used.size(), -1);
  for (int i = 0; i < static_cast<int>(used.size()); ++i) {
    if (i < physical && !used[i]) continue;
    if (i < physical) node->projection.push_back(i);
    (*mapping)[i] = static_cast<int>(fields.size());
    fields.push_back(scan->schema->field(i));
  }
  // Keep at least one column so rows still have a count to carry.
  if (node->projection.empty() && physical > 0) return nullptr;
  if (static_cast<int>(node->projection.size()) == physical) return nullptr;
  node->schema = types::MakeSchema(std::move(fields));
  return node;
}

// Projection push-down below a Calc: Calc -> [WatermarkAssigner ->] Calc -> Scan. The lower Calc
// (the table's computed columns) keeps only what the upper Calc and the watermark read, and the
// scan only what the lower Calc reads.
PlanPtr PruneColumns(const PlanPtr& plan, ConnectorInspector* inspector) {
  auto node = std::make_shared<PlanNode>(*plan);
  for (PlanPtr& input : node->inputs) input = PruneColumns(input, inspector);
  if (node->kind != NodeKind::kCalc) return node;
  PlanPtr below = node->inputs[0];
  PlanPtr watermark;
  if (below->kind == NodeKind::kWatermarkAssigner) {
    watermark = below;
    below = below->inputs[0];
  }
  if (below->kind != NodeKind::kCalc && below->kind != NodeKind::kScan) return node;
  std::vector<bool> used(below->schema->size(), false);
  for (const ExprPtr& p : node->projections) Used(p, &used);
  Used(node->condition, &used);
  if (watermark) {
    used[watermark->rowtime_column] = true;
    Used(watermark->watermark, &used);
  }
  std::vector<int> mapping;
  PlanPtr pruned;
  if (below->kind == NodeKind::kScan) {
    pruned = ProjectScan(below, used, inspector, &mapping);
    if (!pruned) return node;
  } else {
    auto lower = std::make_shared<PlanNode>(*below);
    lower->projections.clear();
    std::vector<types::Field> fields;
    mapping.assign(used.size(), -1);
    for (size_t i = 0; i < used.size(); ++i) {
      if (!used[i]) continue;
      mapping[i] = static_cast<int>(fields.size());
      lower->projections.push_back(below->projections[i]);
      fields.push_back(below->schema->field(i));
    }
    if (fields.empty()) return node;
    lower->schema = types::MakeSchema(std::move(fields));
    // The scan under the lower Calc.
    const PlanPtr& scan = below->inputs[0];
    if (scan->kind == NodeKind::kScan) {
      std::vector<bool> scan_used(scan->schema->size(), false);
      for (const ExprPtr& p : lower->projections) Used(p, &scan_used);
      Used(lower->condition, &scan_used);
      std::vector<int> scan_mapping;
      if (PlanPtr projected = ProjectScan(scan, scan_used, inspector, &scan_mapping)) {
        for (ExprPtr& p : lower->projections) p = Remap(p, scan_mapping);
        lower->condition = Remap(lower->condition, scan_mapping);
        lower->inputs = {projected};
      }
    }
    pruned = lower;
  }
  if (watermark) {
    auto w = std::make_shared<PlanNode>(*watermark);
    w->inputs = {pruned};
    w->schema = pruned->schema;
    w->rowtime_column = mapping[watermark->rowtime_column];
    w->watermark = Remap(watermark->watermark, mapping);
    pruned = w;
  }
  for (ExprPtr& p : node->projections) p = Remap(p, mapping);
  node->condition = Remap(node->condition, mapping);
  node->inputs = {pruned};
  return node;
}

}  // namespace

StatusOr<PlanPtr> Optimize(const PlanPtr& plan, const expr::EvalContext& context,
                           ConnectorInspector* inspector) {
  SLUICE_ASSIGN_OR_RETURN(PlanPtr rewritten, Rewrite(plan, context));
  // Ranks resolve once the Calcs above them are merged, so that they see every use of the rank.
  SLUICE_ASSIGN_OR_RETURN(rewritten, ResolveRanks(rewritten));
  SLUICE_ASSIGN_OR_RETURN(rewritten, RecognizeWindowJoins(rewritten));
  SLUICE_ASSIGN_OR_RETURN(rewritten, Rewrite(rewritten, context));
  // Pruning can leave Calcs that only pass columns through: a second rewrite drops them.
  return Rewrite(PruneColumns(rewritten, inspector), context);
}

}  // namespace sluice::planner
