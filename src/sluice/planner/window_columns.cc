#include "sluice/planner/window_columns.h"

namespace sluice::planner {

using expr::ExprPtr;

WindowColumn TraceWindowColumn(const PlanNode* plan, int column, WindowSpec* window) {
  while (plan->kind == NodeKind::kCalc) {
    const ExprPtr& p = plan->projections[column];
    if (!p->IsColumn()) return WindowColumn::kNone;
    column = p->column_index;
    plan = plan->inputs[0].get();
  }
  if (plan->kind != NodeKind::kWindowTableFunction && plan->kind != NodeKind::kWindowAggregate) {
    return WindowColumn::kNone;
  }
  if (window != nullptr) *window = plan->window;
  const int n = static_cast<int>(plan->schema->size());
  if (column == n - 3) return WindowColumn::kStart;
  if (column == n - 2) return WindowColumn::kEnd;
  if (column == n - 1) return WindowColumn::kTime;
  if (plan->kind == NodeKind::kWindowTableFunction && column == plan->time_column) {
    return WindowColumn::kTvfTime;
  }
  return WindowColumn::kNone;
}

}  // namespace sluice::planner
