// ExtractJoinKeys: the equi-join keys of a regular join's ON condition (logical_plan.h).
#include "sluice/expr/function_registry.h"
#include "sluice/planner/logical_plan.h"

namespace sluice::planner {

namespace {

void Conjuncts(const expr::ExprPtr& e, std::vector<expr::ExprPtr>* out) {
  if (e->kind == expr::ExprKind::kCall && e->function->name == "AND") {
    for (const expr::ExprPtr& arg : e->args) Conjuncts(arg, out);
    return;
  }
  out->push_back(e);
}

}  // namespace

void ExtractJoinKeys(PlanNode* join) {
  if (!join->condition) return;
  const int left_width = static_cast<int>(join->inputs[0]->schema->size());
  std::vector<expr::ExprPtr> conjuncts, residual;
  Conjuncts(join->condition, &conjuncts);
  for (const expr::ExprPtr& c : conjuncts) {
    if (c->kind == expr::ExprKind::kCall && c->function->name == "=" && c->args[0]->IsColumn() &&
        c->args[1]->IsColumn()) {
      int a = c->args[0]->column_index;
      int b = c->args[1]->column_index;
      if (a > b) std::swap(a, b);
      const bool same_type = c->args[0]->type.physical() == c->args[1]->type.physical();
      if (a < left_width && b >= left_width && same_type) {
        join->left_keys.push_back(a);
        join->right_keys.push_back(b - left_width);
        continue;
      }
    }
    residual.push_back(c);
  }
  if (residual.empty()) {
    join->condition = nullptr;
    return;
  }
  expr::ExprPtr rest = residual[0];
  for (size_t i = 1; i < residual.size(); ++i) {
    rest = expr::ResolveCall("AND", {rest, residual[i]}).value();
  }
  join->condition = rest;
}

}  // namespace sluice::planner
