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
  PlanPtr window_function = MakeWindowTableFunction(from.plan, window, time->column_index);
  return BindWindowAggregation(select, std::move(from), *window_function, &group_window);
}

Status Binder::ApplyEmitStrategy(const sql::SelectQuery& select, bool legacy,
                                 WindowSpec* window) {
  SLUICE_ASSIGN_OR_RETURN(bool early, options_.GetBool("table.exec.emit.early-fire.enabled", false));
  SLUICE_ASSIGN_OR_RETURN(bool late, options_.GetBool("table.exec.emit.late-fire.enabled", false));
  if (!legacy) {
    if (early || late) {
      return Error(select.pos,
                   "Currently, window table function based aggregate doesn't support early-fire "
                   "and late-fire configuration 'table.exec.emit.early-fire.enabled' and "
                   "'table.exec.emit.late-fire.enabled'.");
    }
    return Status();
  }
  if (window->kind == WindowKind::kSession) {
    if (early || late) {
      return Error(select.pos, "Session window doesn't support EMIT strategy currently.");
    }
    return Status();  // sessions ignore allow-lateness: they cannot retract a merged result
  }
  if (early) {
    SLUICE_ASSIGN_OR_RETURN(window->early_fire_delay,
                            options_.GetDuration("table.exec.emit.early-fire.delay", -1));
    if (window->early_fire_delay < 0) {
      return Error(select.pos, "Early-fire delay should not be null or negative value when "
                               "enable early-fire emit strategy: set "
                               "'table.exec.emit.early-fire.delay' (0 fires on every row)");
    }
  }
  if (late) {
    SLUICE_ASSIGN_OR_RETURN(window->late_fire_delay,
                            options_.GetDuration("table.exec.emit.late-fire.delay", -1));
    if (window->late_fire_delay < 0) {
      return Error(select.pos, "Late-fire delay should not be null or negative value when "
                               "enable late-fire emit strategy: set "
                               "'table.exec.emit.late-fire.delay' (0 fires on every late row)");
    }
  }
  // Allowed lateness: its own option, else the state TTL (as Flink falls back to idle state
  // retention), else none.
  const char* lateness_key = options_.Has("table.exec.emit.allow-lateness")
                                 ? "table.exec.emit.allow-lateness"
                                 : "table.exec.state.ttl";
  SLUICE_ASSIGN_OR_RETURN(window->allow_lateness, options_.GetDuration(lateness_key, 0));
  if (window->allow_lateness < 0) window->allow_lateness = 0;
  if (late && window->allow_lateness <= 0) {
    return Error(select.pos, "The 'AFTER WATERMARK' emit strategy requires set "
                             "'table.exec.emit.allow-lateness' (or 'table.exec.state.ttl')");
  }
  return Status();
}

}  // namespace sluice::planner
