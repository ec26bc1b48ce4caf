// RecognizeWindowJoins (window_columns.h): a join of two windowed inputs on
// l.window_start = r.window_start AND l.window_end = r.window_end (same window on both sides) is
// a window join, as Flink's WindowJoin: its rows are final once their window ends.
#include "absl/strings/str_cat.h"
#include "sluice/planner/window_columns.h"

namespace sluice::planner {

namespace {

bool SameWindow(const WindowSpec& a, const WindowSpec& b) {
  return a.kind == b.kind && a.size == b.size && a.slide == b.slide && a.offset == b.offset &&
         a.ltz == b.ltz;
}

StatusOr<PlanPtr> Recognize(std::shared_ptr<PlanNode> node) {
  if (node->kind != NodeKind::kJoin || node->IsIntervalJoin() || node->IsTemporalJoin()) {
    return PlanPtr(node);
  }
  const PlanNode* left = node->inputs[0].get();
  const PlanNode* right = node->inputs[1].get();
  bool start = false;
  int left_end = -1, right_end = -1;
  WindowSpec window;
  for (size_t k = 0; k < node->left_keys.size(); ++k) {
    WindowSpec lw, rw;
    const WindowColumn l = TraceWindowColumn(left, node->left_keys[k], &lw);
    const WindowColumn r = TraceWindowColumn(right, node->right_keys[k], &rw);
    if (l != r || (l != WindowColumn::kStart && l != WindowColumn::kEnd)) continue;
    if (!SameWindow(lw, rw)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "a window join needs the same window on both inputs, but the left input has ",
          lw.ToString(), " and the right input has ", rw.ToString()));
    }
    if (lw.kind == WindowKind::kSession) continue;
    if (l == WindowColumn::kStart) start = true;
    if (l == WindowColumn::kEnd) {
      left_end = node->left_keys[k];
      right_end = node->right_keys[k];
      window = lw;
    }
  }
  if (!start || left_end < 0) return PlanPtr(node);
  node->left_window_end = left_end;
  node->right_window_end = right_end;
  node->window = window;
  node->window.early_fire_delay = node->window.late_fire_delay = -1;
  node->window.allow_lateness = 0;
  return PlanPtr(node);
}

}  // namespace

StatusOr<PlanPtr> RecognizeWindowJoins(const PlanPtr& plan) { return RewritePlan(plan, Recognize); }

}  // namespace sluice::planner
