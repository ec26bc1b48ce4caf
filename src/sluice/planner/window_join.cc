// RecognizeWindowJoins (window_columns.h): a join of two windowed inputs on
// l.window_start = r.window_start AND l.window_end = r.window_end (same window on both sides) is
// a window join, as Flink's WindowJoin: its rows are final once their window ends.
#include "sluice/planner/window_columns.h"

namespace sluice::planner {

namespace {

bool SameWindow(const WindowSpec& a, const WindowSpec& b) {
  return a.kind == b.kind && a.size == b.size && a.slide == b.slide && a.offset == b.offset &&
         a.ltz == b.ltz;
}

}  // namespace

PlanPtr RecognizeWindowJoins(const PlanPtr& plan) {
  return RewritePlan(plan,
                     [](std::shared_ptr<PlanNode> node) -> StatusOr<PlanPtr> {
                       if (node->kind != NodeKind::kJoin || node->IsIntervalJoin())
                         return PlanPtr(node);
                       const PlanNode* left = node->inputs[0].get();
                       const PlanNode* right = node->inputs[1].get();
                       bool start = false;
                       int left_end = -1, right_end = -1;
                       WindowSpec left_window, right_window;
                       for (size_t k = 0; k < node->left_keys.size(); ++k) {
                         WindowSpec lw, rw;
                         const WindowColumn l = TraceWindowColumn(left, node->left_keys[k], &lw);
                         const WindowColumn r = TraceWindowColumn(right, node->right_keys[k], &rw);
                         if (l != r || !SameWindow(lw, rw) || lw.kind == WindowKind::kSession)
                           continue;
                         if (l == WindowColumn::kStart) start = true;
                         if (l == WindowColumn::kEnd) {
                           left_end = node->left_keys[k];
                           right_end = node->right_keys[k];
                           left_window = lw;
                           right_window = rw;
                         }
                       }
                       if (!start || left_end < 0) return PlanPtr(node);
                       node->left_window_end = left_end;
                       node->right_window_end = right_end;
                       node->window = left_window;
                       node->window.early_fire_delay = node->window.late_fire_delay = -1;
                       node->window.allow_lateness = 0;
                       return PlanPtr(node);
                     })
      .value();
}

}  // namespace sluice::planner
