#include "sluice/planner/optimizer.h"

#include "sluice/expr/expression_evaluator.h"

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

}  // namespace

StatusOr<PlanPtr> Optimize(const PlanPtr& plan, const expr::EvalContext& context) {
  return Rewrite(plan, context);
}

}  // namespace sluice::planner
