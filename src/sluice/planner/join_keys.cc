// ExtractJoinKeys and ExtractIntervalBounds: what a join condition says about keys and time
// (logical_plan.h).
#include <algorithm>
#include <string>

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

namespace sluice::planner {

namespace {

// A time column plus a constant: `ts`, `ts + INTERVAL ...`, `ts - INTERVAL ...`.
struct TimeTerm {
  int column = -1;
  int64_t offset = 0;  // micros
};

bool IntervalLiteral(const expr::ExprPtr& e, int64_t* micros) {
  if (!e->IsLiteral() || e->type.id != types::TypeId::kIntervalDayTime || e->literal.is_null()) {
    return false;
  }
  *micros = e->literal.as_int();
  return true;
}

bool ParseTimeTerm(const expr::ExprPtr& e, TimeTerm* term) {
  if (e->IsColumn()) {
    *term = TimeTerm{e->column_index, 0};
    return true;
  }
  if (e->kind != expr::ExprKind::kCall || e->args.size() != 2) return false;
  const std::string& name = e->function->name;
  int64_t micros = 0;
  if ((name == "+" || name == "-") && e->args[0]->IsColumn() &&
      IntervalLiteral(e->args[1], &micros)) {
    *term = TimeTerm{e->args[0]->column_index, name == "+" ? micros : -micros};
    return true;
  }
  if (name == "+" && e->args[1]->IsColumn() && IntervalLiteral(e->args[0], &micros)) {
    *term = TimeTerm{e->args[1]->column_index, micros};
    return true;
  }
  return false;
}

bool IsRowtime(const PlanNode& input, int column) {
  return input.schema->field(column).type.time_attribute == types::TimeAttribute::kRowtime;
}

}  // namespace

bool ExtractIntervalBounds(PlanNode* join) {
  if (!join->condition || join->IsIntervalJoin() || join->IsTemporalJoin()) return false;
  const PlanNode& left = *join->inputs[0];
  const PlanNode& right = *join->inputs[1];
  const int left_width = static_cast<int>(left.schema->size());
  constexpr int64_t kMilli = 1000;  // rowtime attributes have millisecond precision
  std::vector<expr::ExprPtr> conjuncts, residual;
  Conjuncts(join->condition, &conjuncts);
  int left_time = -1, right_time = -1;
  bool has_lower = false, has_upper = false;
  int64_t lower = 0, upper = 0;
  for (const expr::ExprPtr& c : conjuncts) {
    TimeTerm a, b;
    const bool comparison = c->kind == expr::ExprKind::kCall &&
                            (c->function->name == ">=" || c->function->name == ">" ||
                             c->function->name == "<=" || c->function->name == "<") &&
                            ParseTimeTerm(c->args[0], &a) && ParseTimeTerm(c->args[1], &b);
    if (!comparison) {
      residual.push_back(c);
      continue;
    }
    std::string op = c->function->name;
    // As `left time - right time <op> bound`.
    int l = -1, r = -1;
    int64_t bound = 0;
    if (a.column < left_width && b.column >= left_width) {
      l = a.column;
      r = b.column - left_width;
      bound = b.offset - a.offset;
    } else if (b.column < left_width && a.column >= left_width) {
      l = b.column;
      r = a.column - left_width;
      bound = a.offset - b.offset;
      op = op[0] == '<' ? ">" + op.substr(1) : "<" + op.substr(1);
    }
    if (l < 0 || !IsRowtime(left, l) || !IsRowtime(right, r) ||
        (left_time >= 0 && (l != left_time || r != right_time))) {
      residual.push_back(c);
      continue;
    }
    left_time = l;
    right_time = r;
    if (op[0] == '>') {
      const int64_t value = op == ">" ? bound + kMilli : bound;
      lower = has_lower ? std::max(lower, value) : value;
      has_lower = true;
    } else {
      const int64_t value = op == "<" ? bound - kMilli : bound;
      upper = has_upper ? std::min(upper, value) : value;
      has_upper = true;
    }
  }
  if (!has_lower || !has_upper) return false;
  join->interval_left_time = left_time;
  join->interval_right_time = right_time;
  join->interval_lower = lower;
  join->interval_upper = upper;
  join->condition = nullptr;
  for (const expr::ExprPtr& r : residual) {
    join->condition = join->condition ? expr::ResolveCall("AND", {join->condition, r}).value() : r;
  }
  return true;
}

}  // namespace sluice::planner
