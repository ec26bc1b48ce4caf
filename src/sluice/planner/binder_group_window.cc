// Binder: legacy group windows, GROUP BY TUMBLE(ts, size) | HOP(ts, slide, size) |
// SESSION(ts, gap) with the auxiliary functions TUMBLE_START/_END/_ROWTIME (HOP_, SESSION_). They
// are planned exactly as the window table function form: a window table function node over the
// input, aggregated by window, whose window_start/window_end/window_time the auxiliaries name.
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "sluice/planner/binder.h"

namespace sluice::planner {

StatusOr<Binder::Bound> Binder::BindGroupWindowAggregation(
    const sql::SelectQuery& select, Bound from, const sql::FunctionCallExpr& group_window) {
  const std::string name = absl::AsciiStrToUpper(group_window.name);
  for (const sql::GroupingElement& g : select.group_by) {
    if (g.kind != sql::GroupingElement::Kind::kExpression || g.expr.get() == &group_window ||
        g.expr->kind != sql::ExprKind::kFunctionCall) {
      continue;
    }
    std::string other = absl::AsciiStrToUpper(g.expr->As<sql::FunctionCallExpr>().name);
    if (other == "TUMBLE" || other == "HOP" || other == "SESSION") {
      return Error(g.pos, "a query can group by only one group window");
    }
  }
  const size_t arity = name == "HOP" ? 3 : 2;
  const char* signature = name == "TUMBLE" ? "TUMBLE(time_attribute, size)"
                          : name == "HOP"  ? "HOP(time_attribute, slide, size)"
                                           : "SESSION(time_attribute, gap)";
  if (group_window.args.size() != arity || group_window.distinct || group_window.filter) {
    return Error(group_window.pos, absl::StrCat("group window ", name, " expects ", signature));
  }
  SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr time, BindExpression(*group_window.args[0], from.scope));
  if (!time->IsColumn() || !time->type.IsTimeAttribute()) {
    return Error(group_window.args[0]->pos,
                 absl::StrCat("group window ", name, " requires a time attribute (rowtime or "
                              "proctime) as its first argument, but '",
                              group_window.args[0]->ToString(), "' is ", time->type.ToString()));
  }
  if (time->type.time_attribute == types::TimeAttribute::kProctime) {
    return Error(group_window.args[0]->pos,
                 absl::StrCat("processing-time group windows are not supported yet: ", name,
                              " needs a rowtime attribute"));
  }
  std::vector<int64_t> intervals;
  for (size_t i = 1; i < arity; ++i) {
    SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr bound, BindExpression(*group_window.args[i], Scope()));
    if (bound->type.id != types::TypeId::kIntervalDayTime || !bound->IsLiteral()) {
      return Error(group_window.args[i]->pos,
                   absl::StrCat("group window ", name, " expects ", signature,
                                " with INTERVAL literals such as INTERVAL '1' MINUTE"));
    }
    intervals.push_back(bound->literal.as_int());
  }
  WindowSpec window;
  window.ltz = time->type.id == types::TypeId::kTimestampLtz;
  if (name == "TUMBLE") {
    window.kind = WindowKind::kTumble;
    window.size = intervals[0];
  } else if (name == "HOP") {
    window.kind = WindowKind::kHop;
    window.slide = intervals[0];
    window.size = intervals[1];
  } else {
    window.kind = WindowKind::kSession;
    window.size = intervals[0];
  }
  SLUICE_RETURN_IF_ERROR(ValidateWindow(name, window, group_window.pos));
  if (window.kind == WindowKind::kSession) {
    return Error(group_window.pos, "SESSION group windows are not supported yet");
  }
  PlanPtr window_function = MakeWindowTableFunction(from.plan, window, time->column_index);
  return BindWindowAggregation(select, std::move(from), *window_function, &group_window);
}

}  // namespace sluice::planner
