// Binder: SELECT (projection, WHERE, GROUP BY/HAVING, window aggregation), set operations,
// VALUES and ORDER BY/LIMIT.
#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "sluice/expr/expression_evaluator.h"
#include "sluice/planner/binder.h"

namespace sluice::planner {

using expr::ExprPtr;
using types::DataType;

namespace {

// Walks the expression tree, appending calls that `match` (not descending into them).
template <typename Match>
void CollectCalls(const sql::ExprPtr& e, const Match& match,
                  std::vector<const sql::FunctionCallExpr*>* out) {
  if (!e) return;
  auto recurse = [&](const sql::ExprPtr& child) { CollectCalls(child, match, out); };
  switch (e->kind) {
    case sql::ExprKind::kFunctionCall: {
      const auto& call = e->As<sql::FunctionCallExpr>();
      if (match(call)) {
        out->push_back(&call);
        return;
      }
      for (const auto& a : call.args) recurse(a);
      return;
    }
    case sql::ExprKind::kUnary:
      recurse(e->As<sql::UnaryExpr>().operand);
      return;
    case sql::ExprKind::kBinary:
      recurse(e->As<sql::BinaryExpr>().left);
      recurse(e->As<sql::BinaryExpr>().right);
      return;
    case sql::ExprKind::kIsPredicate:
      recurse(e->As<sql::IsPredicateExpr>().operand);
      return;
    case sql::ExprKind::kInList:
      recurse(e->As<sql::InListExpr>().operand);
      for (const auto& a : e->As<sql::InListExpr>().list) recurse(a);
      return;
    case sql::ExprKind::kBetween:
      recurse(e->As<sql::BetweenExpr>().operand);
      recurse(e->As<sql::BetweenExpr>().low);
      recurse(e->As<sql::BetweenExpr>().high);
      return;
    case sql::ExprKind::kLike:
      recurse(e->As<sql::LikeExpr>().operand);
      recurse(e->As<sql::LikeExpr>().pattern);
      return;
    case sql::ExprKind::kCase: {
      const auto& c = e->As<sql::CaseExpr>();
      recurse(c.operand);
      for (const auto& [w, t] : c.when_then) {
        recurse(w);
        recurse(t);
      }
      recurse(c.else_result);
      return;
    }
    case sql::ExprKind::kCast:
      recurse(e->As<sql::CastExpr>().operand);
      return;
    default:
      return;
  }
}

std::string DefaultName(const sql::SelectItem& item, size_t index) {
  if (!item.alias.empty()) return item.alias;
  if (item.expr->kind == sql::ExprKind::kColumnRef) {
    return item.expr->As<sql::ColumnRefExpr>().names.back();
  }
  return absl::StrCat("EXPR$", index);
}

// Makes output names unique as Flink does: a, a0, a1, ...
void Deduplicate(std::vector<std::string>* names) {
  std::set<std::string> seen;
  for (std::string& name : *names) {
    std::string candidate = name;
    for (int i = 0; seen.count(candidate); ++i) candidate = absl::StrCat(name, i);
    name = candidate;
    seen.insert(name);
  }
}

}  // namespace

void CollectAggregates(const sql::ExprPtr& e, std::vector<const sql::FunctionCallExpr*>* out) {
  CollectCalls(
      e, [](const sql::FunctionCallExpr& c) { return IsAggregateFunction(c.name) && !c.over; },
      out);
}

void CollectOverCalls(const sql::ExprPtr& e, std::vector<const sql::FunctionCallExpr*>* out) {
  CollectCalls(
      e, [](const sql::FunctionCallExpr& c) { return c.over != nullptr; }, out);
}

AggregateKind AggregateKindOf(const sql::FunctionCallExpr& call) {
  const std::string name = absl::AsciiStrToUpper(call.name);
  if (name == "COUNT") {
    const bool star = call.args.size() == 1 && call.args[0]->kind == sql::ExprKind::kStar;
    return star || call.args.empty() ? AggregateKind::kCountStar : AggregateKind::kCount;
  }
  if (name == "SUM") return AggregateKind::kSum;
  if (name == "MIN") return AggregateKind::kMin;
  if (name == "MAX") return AggregateKind::kMax;
  if (name == "FIRST_VALUE") return AggregateKind::kFirstValue;
  if (name == "LAST_VALUE") return AggregateKind::kLastValue;
  if (name == "LISTAGG") return AggregateKind::kListAgg;
  if (name == "APPROX_COUNT_DISTINCT") return AggregateKind::kApproxCountDistinct;
  return AggregateKind::kAvg;
}

// Flink's aggregate result types.
StatusOr<DataType> AggregateResultType(AggregateKind kind, const DataType& arg) {
  switch (kind) {
    case AggregateKind::kCount:
    case AggregateKind::kCountStar:
      return DataType::BigInt().WithNullable(false);
    case AggregateKind::kSum:
      if (arg.IsInteger()) return arg.Materialized().WithNullable(true);  // as Flink: SUM(INT) INT
      if (arg.id == types::TypeId::kDecimal) return DataType::Decimal(38, arg.scale);
      if (arg.IsApproximate()) return DataType::Double();
      break;
    case AggregateKind::kAvg:
      if (arg.id == types::TypeId::kDecimal) {
        return DataType::Decimal(38, std::max<int>(6, arg.scale));
      }
      if (arg.IsNumeric()) return arg.Materialized().WithNullable(true);
      break;
    case AggregateKind::kMin:
    case AggregateKind::kMax:
      return arg.Materialized().WithNullable(true);
    case AggregateKind::kFirstValue:
    case AggregateKind::kLastValue:
      // The types of Flink's FirstValueAggFunction / LastValueAggFunction (AggFunctionFactory).
      if (arg.IsNumeric() || arg.id == types::TypeId::kBoolean ||
          arg.id == types::TypeId::kVarchar) {
        return arg.Materialized().WithNullable(true);
      }
      break;
    case AggregateKind::kListAgg:
      if (arg.IsString()) return arg.Materialized().WithNullable(true);  // ARG0_NULLABLE
      break;
    case AggregateKind::kApproxCountDistinct:
      if (arg.IsNumeric() || arg.IsString() || arg.IsTemporal()) {
        return DataType::BigInt().WithNullable(false);
      }
      break;
  }
  return absl::InvalidArgumentError("");
}

namespace {

// Whether the aggregate's result is a count: BIGINT NOT NULL, 0 over no rows.
bool IsCounting(AggregateKind kind) {
  return kind == AggregateKind::kCount || kind == AggregateKind::kCountStar ||
         kind == AggregateKind::kApproxCountDistinct;
}

}  // namespace

StatusOr<Binder::Bound> Binder::BindSelect(const sql::SelectQuery& select) {
  Bound from;
  if (select.from) {
    SLUICE_ASSIGN_OR_RETURN(from, BindTableRef(*select.from));
  } else {
    // SELECT without FROM: one empty row.
    auto values = NewNode(NodeKind::kValues, {});
    values->schema = types::MakeSchema({});
    values->rows.push_back({});
    values->bounded = true;
    from.plan = values;
  }
  for (const sql::NamedWindow& w : select.windows) {
    if (!w.spec.reference_name.empty()) {
      return Error(w.pos, "a WINDOW clause window based on another window is not supported yet");
    }
  }
  std::vector<const sql::FunctionCallExpr*> aggregates;
  for (const sql::SelectItem& item : select.select_list) CollectAggregates(item.expr, &aggregates);
  CollectAggregates(select.having, &aggregates);
  if (select.where) {
    std::vector<const sql::FunctionCallExpr*> in_where;
    CollectAggregates(select.where, &in_where);
    if (!in_where.empty()) {
      return Error(in_where[0]->pos, "aggregate functions are not allowed in WHERE");
    }
  }
  bool aggregating = !aggregates.empty() || !select.group_by.empty();
  if (select.where) {
    SLUICE_ASSIGN_OR_RETURN(ExprPtr condition, BindExpression(*select.where, from.scope));
    if (condition->type.id != types::TypeId::kBoolean) {
      return Error(select.where->pos, absl::StrCat("WHERE needs a BOOLEAN condition, not ",
                                                   condition->type.ToString()));
    }
    // Over an inner join, the filter joins the ON condition, so that its equalities become join
    // keys (FROM a, b WHERE a.id = b.id).
    if (from.plan->kind == NodeKind::kJoin && from.plan->join_kind == JoinKind::kInner) {
      auto join = std::make_shared<PlanNode>(*from.plan);
      join->condition = condition;
      ExtractJoinKeys(join.get());
      std::vector<ExprPtr> rest;
      if (join->condition) rest.push_back(join->condition);
      if (from.plan->condition) rest.push_back(from.plan->condition);
      join->condition = nullptr;
      for (const ExprPtr& r : rest) {
        join->condition =
            join->condition ? Call(select.where->pos, "AND", {join->condition, r}).value() : r;
      }
      if (ExtractIntervalBounds(join.get())) KeepIntervalTimeAttributes(join.get(), &from.scope);
      from.plan = join;
    } else {
      // Over a window table function, a filter on the input's columns runs before windowing so
      // that the window aggregation still sees the window function directly.
      PlanPtr target = from.plan;
      bool below_window = false;
      if (from.plan->kind == NodeKind::kWindowTableFunction) {
        std::vector<int> used;
        condition->CollectColumns(&used);
        int input_width = static_cast<int>(from.plan->inputs[0]->schema->size());
        below_window =
            std::all_of(used.begin(), used.end(), [input_width](int c) { return c < input_width; });
        if (below_window) target = from.plan->inputs[0];
      }
      std::vector<ExprPtr> identity;
      std::vector<std::string> names;
      for (size_t i = 0; i < target->schema->size(); ++i) {
        identity.push_back(expr::MakeColumnRef(static_cast<int>(i), target->schema->field(i).type));
        names.push_back(target->schema->field(i).name);
      }
      PlanPtr filtered = MakeCalc(target, identity, names, condition);
      if (below_window) {
        auto window = std::make_shared<PlanNode>(*from.plan);
        window->inputs = {filtered};
        from.plan = window;
      } else {
        from.plan = filtered;
      }
    }
  }
  Bound result;
  if (aggregating) {
    SLUICE_ASSIGN_OR_RETURN(result, BindAggregation(select, std::move(from)));
  } else {
    if (select.having) return Error(select.having->pos, "HAVING needs GROUP BY or aggregates");
    auto input_scope = std::make_shared<const Scope>(from.scope);
    AggregateMapping over;
    SLUICE_RETURN_IF_ERROR(BindOverCalls(select, &from, &over));
    SLUICE_ASSIGN_OR_RETURN(result, BindProjection(select, std::move(from), over));
    if (!select.distinct) result.projection_input = std::move(input_scope);
  }
  if (select.distinct) {
    auto node = NewNode(NodeKind::kAggregate, {result.plan});
    node->schema = result.plan->schema;
    for (size_t i = 0; i < result.plan->schema->size(); ++i) {
      node->group_keys.push_back(static_cast<int>(i));
    }
    result.plan = node;
  }
  return result;
}

StatusOr<Binder::Bound> Binder::BindProjection(const sql::SelectQuery& select, Bound input,
                                               const AggregateMapping& mapping) {
  std::vector<ExprPtr> projections;
  std::vector<std::string> names;
  for (size_t i = 0; i < select.select_list.size(); ++i) {
    const sql::SelectItem& item = select.select_list[i];
    if (item.expr->kind == sql::ExprKind::kStar) {
      if (mapping.active && !mapping.over) {
        return Error(item.pos, "'*' is not allowed in an aggregating query");
      }
      const auto& star = item.expr->As<sql::StarExpr>();
      bool any = false;
      for (size_t c = 0; c < input.scope.columns.size(); ++c) {
        const ScopeColumn& column = input.scope.columns[c];
        if (column.hidden) continue;
        if (!star.qualifier.empty() && column.qualifier != star.qualifier.back()) continue;
        projections.push_back(expr::MakeColumnRef(static_cast<int>(c), column.type));
        names.push_back(column.name);
        any = true;
      }
      if (!any && !star.qualifier.empty()) {
        return Error(item.pos, absl::StrCat("unknown table '", star.qualifier.back(), "'"));
      }
      continue;
    }
    SLUICE_ASSIGN_OR_RETURN(ExprPtr bound, BindExpr(*item.expr, input.scope, mapping));
    projections.push_back(bound);
    names.push_back(DefaultName(item, projections.size() - 1));
  }
  Deduplicate(&names);
  Bound out;
  out.plan = MakeCalc(input.plan, projections, names);
  for (size_t i = 0; i < projections.size(); ++i) {
    out.scope.columns.push_back({"", names[i], projections[i]->type});
  }
  return out;
}

int PreProjection::Add(ExprPtr e, const std::string& name) {
  std::string key = e->ToString();
  auto it = index.find(key);
  if (it != index.end()) return it->second;
  exprs.push_back(std::move(e));
  names.push_back(name);
  index[key] = static_cast<int>(exprs.size() - 1);
  return static_cast<int>(exprs.size() - 1);
}

Status Binder::BindAggregateCalls(const sql::SelectQuery& select, const Scope& scope,
                                  PreProjection* pre, std::vector<AggregateCall>* calls,
                                  std::vector<std::string>* call_texts) {
  std::vector<const sql::FunctionCallExpr*> aggregates;
  for (const sql::SelectItem& item : select.select_list) CollectAggregates(item.expr, &aggregates);
  CollectAggregates(select.having, &aggregates);
  for (const sql::FunctionCallExpr* call : aggregates) {
    std::string text = call->ToString();
    if (std::find(call_texts->begin(), call_texts->end(), text) != call_texts->end()) continue;
    std::string name = absl::AsciiStrToUpper(call->name);
    AggregateCall agg;
    agg.distinct = call->distinct;
    agg.kind = AggregateKindOf(*call);
    DataType arg_type = DataType::BigInt();
    if (agg.kind == AggregateKind::kListAgg && call->args.size() == 2) {
      // As Flink's SqlListAggFunction: the separator is a character literal.
      const sql::Expr& separator = *call->args[1];
      if (separator.kind != sql::ExprKind::kLiteral ||
          separator.As<sql::LiteralExpr>().literal_kind != sql::LiteralKind::kString) {
        return Error(separator.pos,
                     "LISTAGG takes a character literal as its separator: "
                     "LISTAGG(<CHARACTER>) or LISTAGG(<CHARACTER>, <CHARACTER_LITERAL>)");
      }
      agg.separator = separator.As<sql::LiteralExpr>().text;
    } else if (agg.kind != AggregateKind::kCountStar && call->args.size() != 1) {
      return Error(call->pos, absl::StrCat(name, " takes exactly one argument"));
    }
    if (agg.kind != AggregateKind::kCountStar) {
      if (call->args[0]->kind == sql::ExprKind::kStar) {
        return Error(call->pos, absl::StrCat(name, "(*) is not allowed; only COUNT(*)"));
      }
      SLUICE_ASSIGN_OR_RETURN(ExprPtr arg, BindExpression(*call->args[0], scope));
      arg_type = arg->type;
      agg.argument = pre->Add(arg, absl::StrCat("$f", pre->exprs.size()));
    }
    if (call->filter) {
      SLUICE_ASSIGN_OR_RETURN(ExprPtr filter, BindExpression(*call->filter, scope));
      if (filter->type.id != types::TypeId::kBoolean) {
        return Error(call->filter->pos, "FILTER (WHERE ...) needs a BOOLEAN condition");
      }
      agg.filter = pre->Add(filter, absl::StrCat("$f", pre->exprs.size()));
    }
    auto type = AggregateResultType(agg.kind, arg_type);
    if (!type.ok() &&
        (agg.kind == AggregateKind::kFirstValue || agg.kind == AggregateKind::kLastValue ||
         agg.kind == AggregateKind::kApproxCountDistinct)) {
      return Error(call->pos, absl::StrCat(name, " aggregate function does not support type: '",
                                           arg_type.WithNullable(true).ToString(), "'"));
    }
    if (!type.ok()) {
      return Error(call->pos, absl::StrCat("cannot apply ", name, " to ", arg_type.ToString()));
    }
    // As Calcite's AGG_SUM / ARG0_NULLABLE_IF_EMPTY: SUM, AVG, MIN, MAX, FIRST_VALUE and
    // LAST_VALUE are nullable when their argument is, without GROUP BY (no rows give NULL) or
    // with FILTER; LISTAGG is always nullable.
    bool counts = IsCounting(agg.kind);
    bool nullable = agg.kind == AggregateKind::kListAgg || arg_type.nullable ||
                    select.group_by.empty() || call->filter != nullptr;
    agg.result_type = counts ? *type : type->WithNullable(nullable);
    agg.name = absl::StrCat("EXPR$", calls->size());
    calls->push_back(agg);
    call_texts->push_back(text);
  }
  return Status();
}

Status Binder::ApplyHaving(const sql::SelectQuery& select, const AggregateMapping& mapping,
                           Bound* aggregated) {
  if (!select.having) return Status();
  SLUICE_ASSIGN_OR_RETURN(ExprPtr condition, BindExpr(*select.having, aggregated->scope, mapping));
  if (condition->type.id != types::TypeId::kBoolean) {
    return Error(select.having->pos, "HAVING needs a BOOLEAN condition");
  }
  const types::Schema& schema = *aggregated->plan->schema;
  std::vector<ExprPtr> identity;
  std::vector<std::string> names;
  for (size_t i = 0; i < schema.size(); ++i) {
    identity.push_back(expr::MakeColumnRef(static_cast<int>(i), schema.field(i).type));
    names.push_back(schema.field(i).name);
  }
  aggregated->plan = MakeCalc(aggregated->plan, identity, names, condition);
  return Status();
}

StatusOr<Binder::Bound> Binder::BindAggregation(const sql::SelectQuery& select, Bound from) {
  // Window aggregation: FROM TABLE(TUMBLE(...)) grouped by window_start and window_end.
  const PlanNode* window_function = nullptr;
  PlanPtr below_where = from.plan;
  if (from.plan->kind == NodeKind::kWindowTableFunction) window_function = from.plan.get();
  int window_start = -1, window_end = -1;
  if (window_function != nullptr) {
    for (const sql::GroupingElement& g : select.group_by) {
      if (g.kind != sql::GroupingElement::Kind::kExpression ||
          g.expr->kind != sql::ExprKind::kColumnRef) {
        continue;
      }
      auto bound = BindExpression(*g.expr, from.scope);
      if (!bound.ok() || !(*bound)->IsColumn()) continue;
      const std::string& name = from.plan->schema->field((*bound)->column_index).name;
      int n = static_cast<int>(from.plan->schema->size());
      if ((*bound)->column_index == n - 3 && name == "window_start") window_start = n - 3;
      if ((*bound)->column_index == n - 2 && name == "window_end") window_end = n - 2;
    }
    if (window_start >= 0 && window_end >= 0) {
      return BindWindowAggregation(select, std::move(from), *window_function, nullptr);
    }
  }
  for (const sql::GroupingElement& g : select.group_by) {
    if (g.kind != sql::GroupingElement::Kind::kExpression ||
        g.expr->kind != sql::ExprKind::kFunctionCall) {
      continue;
    }
    const auto& call = g.expr->As<sql::FunctionCallExpr>();
    std::string name = absl::AsciiStrToUpper(call.name);
    if (name == "TUMBLE" || name == "HOP" || name == "SESSION") {
      return BindGroupWindowAggregation(select, std::move(from), call);
    }
  }

  // Pre-projection: group keys, aggregate arguments and filters, as columns.
  PreProjection pre;
  AggregateMapping mapping;
  mapping.active = true;
  std::vector<int> keys;
  std::vector<std::string> key_texts;
  for (const sql::GroupingElement& g : select.group_by) {
    if (g.kind != sql::GroupingElement::Kind::kExpression) {
      return Error(g.pos, "GROUPING SETS, ROLLUP and CUBE are not supported yet");
    }
    SLUICE_ASSIGN_OR_RETURN(ExprPtr bound, BindExpression(*g.expr, from.scope));
    std::string name = g.expr->kind == sql::ExprKind::kColumnRef
                           ? g.expr->As<sql::ColumnRefExpr>().names.back()
                           : absl::StrCat("$f", pre.exprs.size());
    int column = pre.Add(bound, name);
    if (std::find(keys.begin(), keys.end(), column) == keys.end()) keys.push_back(column);
    key_texts.push_back(g.expr->ToString());
  }
  std::vector<AggregateCall> calls;
  std::vector<std::string> call_texts;
  SLUICE_RETURN_IF_ERROR(BindAggregateCalls(select, from.scope, &pre, &calls, &call_texts));
  PlanPtr pre_plan = MakeCalc(from.plan, pre.exprs, pre.names);
  auto node = NewNode(NodeKind::kAggregate, {pre_plan});
  node->group_keys = keys;
  node->aggregates = calls;
  std::vector<types::Field> fields;
  Scope agg_scope;
  for (int k : keys) fields.push_back({pre.names[k], pre.exprs[k]->type.Materialized()});
  for (const AggregateCall& c : calls) fields.push_back({c.name, c.result_type});
  node->schema = types::MakeSchema(fields);
  for (const types::Field& f : fields) agg_scope.columns.push_back({"", f.name, f.type});
  // Map group key texts and aggregate call texts to aggregate output columns.
  for (size_t g = 0; g < select.group_by.size(); ++g) {
    SLUICE_ASSIGN_OR_RETURN(ExprPtr bound, BindExpression(*select.group_by[g].expr, from.scope));
    int column = pre.index[bound->ToString()];
    int position = static_cast<int>(std::find(keys.begin(), keys.end(), column) - keys.begin());
    mapping.expressions[key_texts[g]] = position;
    // A grouped column may also be referenced by its bare name.
    if (select.group_by[g].expr->kind == sql::ExprKind::kColumnRef) {
      mapping.expressions[select.group_by[g].expr->As<sql::ColumnRefExpr>().names.back()] =
          position;
    }
  }
  for (size_t c = 0; c < calls.size(); ++c) {
    mapping.expressions[call_texts[c]] = static_cast<int>(keys.size() + c);
  }
  Bound aggregated;
  aggregated.plan = node;
  aggregated.scope = agg_scope;
  SLUICE_RETURN_IF_ERROR(ApplyHaving(select, mapping, &aggregated));
  return BindProjection(select, std::move(aggregated), mapping);
}

StatusOr<Binder::Bound> Binder::BindWindowAggregation(const sql::SelectQuery& select, Bound from,
                                                      const PlanNode& window_function,
                                                      const sql::FunctionCallExpr* group_window) {
  // Aggregate over the window function's input; the window columns come out of the aggregate.
  const WindowSpec& window = window_function.window;
  if (window.kind == WindowKind::kHop && window.size % window.slide != 0) {
    return Error(select.pos,
                 absl::StrCat("HOP window aggregation requires size must be an "
                              "integral multiple of slide, but got size ",
                              window.size / 1000, "ms and slide ", window.slide / 1000, "ms"));
  }
  PlanPtr input = window_function.inputs[0];
  int input_width = static_cast<int>(input->schema->size());
  Scope input_scope = from.scope;
  input_scope.columns.resize(input_width);
  PreProjection pre;
  // The time column always comes first in the pre-projection.
  int time_column =
      pre.Add(expr::MakeColumnRef(window_function.time_column,
                                  input->schema->field(window_function.time_column).type),
              input->schema->field(window_function.time_column).name);
  AggregateMapping mapping;
  mapping.active = true;
  std::vector<int> keys;
  std::vector<std::pair<std::string, int>> key_texts;  // text -> key position
  std::set<int> grouped_columns;                       // input columns grouped by directly
  for (const sql::GroupingElement& g : select.group_by) {
    if (g.kind != sql::GroupingElement::Kind::kExpression) {
      return Error(g.pos, "GROUPING SETS, ROLLUP and CUBE are not supported yet");
    }
    if (group_window != nullptr && g.expr.get() == group_window) continue;
    SLUICE_ASSIGN_OR_RETURN(ExprPtr bound, BindExpression(*g.expr, from.scope));
    if (bound->IsColumn()) grouped_columns.insert(bound->column_index);
    std::vector<int> used;
    bound->CollectColumns(&used);
    bool window_column = false;
    for (int u : used) window_column |= u >= input_width;
    if (window_column) {
      if (!bound->IsColumn()) {
        return Error(g.pos, "window columns can only be grouped by directly");
      }
      continue;  // window_start/window_end/window_time come from the window itself
    }
    std::string name = g.expr->kind == sql::ExprKind::kColumnRef
                           ? g.expr->As<sql::ColumnRefExpr>().names.back()
                           : absl::StrCat("$f", pre.exprs.size());
    int column = pre.Add(bound, name);
    int position;
    auto found = std::find(keys.begin(), keys.end(), column);
    if (found == keys.end()) {
      keys.push_back(column);
      position = static_cast<int>(keys.size() - 1);
    } else {
      position = static_cast<int>(found - keys.begin());
    }
    key_texts.emplace_back(g.expr->ToString(), position);
    if (g.expr->kind == sql::ExprKind::kColumnRef) {
      key_texts.emplace_back(g.expr->As<sql::ColumnRefExpr>().names.back(), position);
    }
  }
  std::vector<AggregateCall> calls;
  std::vector<std::string> call_texts;
  SLUICE_RETURN_IF_ERROR(BindAggregateCalls(select, input_scope, &pre, &calls, &call_texts));
  PlanPtr pre_plan = MakeCalc(input, pre.exprs, pre.names);
  for (int partition_key : window.partition_keys) {
    if (!grouped_columns.count(partition_key)) {
      return Error(select.pos,
                   absl::StrCat("a SESSION window aggregation must group by the "
                                "window's PARTITION BY columns; '",
                                input->schema->field(partition_key).name, "' is not grouped"));
    }
  }
  auto node = NewNode(NodeKind::kWindowAggregate, {pre_plan});
  node->window = window_function.window;
  SLUICE_RETURN_IF_ERROR(ApplyEmitStrategy(select, group_window != nullptr, &node->window));
  node->time_column = time_column;
  node->group_keys = keys;
  node->aggregates = calls;
  std::vector<types::Field> fields;
  for (int k : keys) fields.push_back({pre.names[k], pre.exprs[k]->type.Materialized()});
  for (const AggregateCall& c : calls) fields.push_back({c.name, c.result_type});
  const types::Schema& tvf = *window_function.schema;
  int n = static_cast<int>(tvf.size());
  fields.push_back(tvf.field(n - 3));
  fields.push_back(tvf.field(n - 2));
  fields.push_back(tvf.field(n - 1));
  node->schema = types::MakeSchema(fields);
  Scope agg_scope;
  for (const types::Field& f : fields) agg_scope.columns.push_back({"", f.name, f.type});
  for (const auto& [text, position] : key_texts) mapping.expressions[text] = position;
  int window_base = static_cast<int>(keys.size() + calls.size());
  if (group_window == nullptr) {
    mapping.expressions["window_start"] = window_base;
    mapping.expressions["window_end"] = window_base + 1;
    mapping.expressions["window_time"] = window_base + 2;
  } else {
    // TUMBLE_START(ts, size) etc.: the group window's own text with the auxiliary's name.
    sql::FunctionCallExpr auxiliary = *group_window;
    const std::string prefix = absl::AsciiStrToUpper(group_window->name);
    const std::pair<const char*, int> suffixes[] = {{"_START", 0}, {"_END", 1}, {"_ROWTIME", 2}};
    for (const auto& [suffix, offset] : suffixes) {
      auxiliary.name = prefix + suffix;
      mapping.expressions[auxiliary.ToString()] = window_base + offset;
    }
  }
  for (size_t c = 0; c < calls.size(); ++c) {
    mapping.expressions[call_texts[c]] = static_cast<int>(keys.size() + c);
  }
  Bound aggregated;
  aggregated.plan = node;
  aggregated.scope = agg_scope;
  SLUICE_RETURN_IF_ERROR(ApplyHaving(select, mapping, &aggregated));
  return BindProjection(select, std::move(aggregated), mapping);
}

StatusOr<Binder::Bound> Binder::BindSetOperation(const sql::SetOperationQuery& query) {
  if (query.op != sql::SetOp::kUnion) {
    return Error(query.pos, "INTERSECT and EXCEPT are not supported yet");
  }
  SLUICE_ASSIGN_OR_RETURN(Bound left, BindQueryNode(*query.left));
  SLUICE_ASSIGN_OR_RETURN(Bound right, BindQueryNode(*query.right));
  if (left.scope.columns.size() != right.scope.columns.size()) {
    return Error(query.pos,
                 absl::StrCat("UNION inputs have different column counts: ",
                              left.scope.columns.size(), " and ", right.scope.columns.size()));
  }
  std::vector<types::Field> fields;
  std::vector<ExprPtr> left_cast, right_cast;
  bool cast_left = false, cast_right = false;
  for (size_t i = 0; i < left.scope.columns.size(); ++i) {
    const DataType& a = left.scope.columns[i].type;
    const DataType& b = right.scope.columns[i].type;
    DataType common;
    if (!types::CommonType(a, b, &common)) {
      return Error(query.pos, absl::StrCat("UNION column ", i + 1, " has incompatible types ",
                                           a.ToString(), " and ", b.ToString()));
    }
    if (a.time_attribute == b.time_attribute) common.time_attribute = a.time_attribute;
    fields.push_back({left.scope.columns[i].name, common});
    ExprPtr l = expr::MakeColumnRef(static_cast<int>(i), a);
    ExprPtr r = expr::MakeColumnRef(static_cast<int>(i), b);
    if (!a.SameAs(common)) {
      l = expr::MakeCast(l, common);
      cast_left = true;
    }
    if (!b.SameAs(common)) {
      r = expr::MakeCast(r, common);
      cast_right = true;
    }
    left_cast.push_back(l);
    right_cast.push_back(r);
  }
  std::vector<std::string> names;
  for (const types::Field& f : fields) names.push_back(f.name);
  PlanPtr l = cast_left ? MakeCalc(left.plan, left_cast, names) : left.plan;
  PlanPtr r = cast_right ? MakeCalc(right.plan, right_cast, names) : right.plan;
  auto node = NewNode(NodeKind::kUnion, {l, r});
  node->schema = types::MakeSchema(fields);
  Bound out;
  out.plan = node;
  for (const types::Field& f : fields) out.scope.columns.push_back({"", f.name, f.type});
  if (!query.all) {
    auto distinct = NewNode(NodeKind::kAggregate, {out.plan});
    distinct->schema = node->schema;
    for (size_t i = 0; i < fields.size(); ++i) distinct->group_keys.push_back(static_cast<int>(i));
    out.plan = distinct;
  }
  return out;
}

StatusOr<Binder::Bound> Binder::BindValues(const sql::ValuesQuery& values) {
  std::vector<std::vector<ExprPtr>> bound_rows;
  size_t width = values.rows.empty() ? 0 : values.rows[0].size();
  for (const auto& row : values.rows) {
    if (row.size() != width) {
      return Error(values.pos, "VALUES rows must all have the same number of columns");
    }
    std::vector<ExprPtr> bound;
    for (const sql::ExprPtr& e : row) {
      SLUICE_ASSIGN_OR_RETURN(ExprPtr b, BindExpression(*e, Scope()));
      if (!b->IsConstant()) return Error(e->pos, "VALUES takes constant expressions only");
      bound.push_back(b);
    }
    bound_rows.push_back(std::move(bound));
  }
  std::vector<DataType> column_types(width, DataType::Null());
  for (const auto& row : bound_rows) {
    for (size_t c = 0; c < width; ++c) {
      DataType common;
      if (!types::CommonType(column_types[c], row[c]->type, &common)) {
        return Error(values.pos,
                     absl::StrCat("VALUES column ", c + 1, " mixes ", column_types[c].ToString(),
                                  " and ", row[c]->type.ToString()));
      }
      common.nullable = column_types[c].nullable && row[c]->type.nullable;
      if (&row == &bound_rows[0]) common = row[c]->type;
      column_types[c] = common;
    }
  }
  auto node = NewNode(NodeKind::kValues, {});
  std::vector<types::Field> fields;
  for (size_t c = 0; c < width; ++c) {
    if (column_types[c].id == types::TypeId::kNull) column_types[c] = DataType::Int();
    // Flink widens CHAR literals of different lengths to VARCHAR in VALUES.
    if (column_types[c].id == types::TypeId::kChar) {
      bool same = true;
      for (const auto& row : bound_rows) same &= row[c]->type.length == column_types[c].length;
      if (!same)
        column_types[c] =
            DataType::Varchar(column_types[c].length).WithNullable(column_types[c].nullable);
    }
    fields.push_back({absl::StrCat("EXPR$", c), column_types[c]});
  }
  expr::EvalContext context;
  for (const auto& row : bound_rows) {
    std::vector<types::Value> out;
    for (size_t c = 0; c < width; ++c) {
      ExprPtr e = row[c];
      if (!e->type.SameAs(column_types[c])) e = expr::MakeCast(e, column_types[c]);
      auto value = expr::EvaluateConstant(*e, context);
      if (!value.ok()) return Error(values.pos, value.status().message());
      out.push_back(*value);
    }
    node->rows.push_back(std::move(out));
  }
  node->schema = types::MakeSchema(fields);
  node->bounded = true;
  Bound result;
  result.plan = node;
  for (const types::Field& f : fields) result.scope.columns.push_back({"", f.name, f.type});
  return result;
}

StatusOr<Binder::Bound> Binder::BindOrderLimit(const sql::Query& query, Bound bound) {
  // ORDER BY names an output column (or alias) first; in a plain SELECT it may also use the
  // columns the SELECT list reads (`SELECT name FROM t ORDER BY age`, `ORDER BY age + 1`): those
  // keys are added to the projection, sorted on, and projected away again.
  const bool can_extend = bound.projection_input && bound.plan->kind == NodeKind::kCalc;
  std::vector<ExprPtr> extra_keys;
  std::vector<int> key_columns;
  for (const sql::OrderItem& item : query.order_by) {
    StatusOr<ExprPtr> e = BindExpression(*item.expr, bound.scope);
    if (e.ok() && (*e)->IsColumn()) {
      key_columns.push_back((*e)->column_index);
      continue;
    }
    StatusOr<ExprPtr> over_input =
        can_extend ? BindExpression(*item.expr, *bound.projection_input) : e;
    if (!over_input.ok()) return e.ok() ? over_input.status() : e.status();
    if (!can_extend) {
      return Error(item.pos, "ORDER BY supports output columns only (name or alias)");
    }
    key_columns.push_back(static_cast<int>(bound.plan->schema->size() + extra_keys.size()));
    extra_keys.push_back(*over_input);
  }
  PlanPtr sort_input = bound.plan;
  if (!extra_keys.empty()) {
    auto extended = std::make_shared<PlanNode>(*bound.plan);
    std::vector<types::Field> fields = bound.plan->schema->fields();
    for (const ExprPtr& k : extra_keys) {
      extended->projections.push_back(k);
      fields.push_back({absl::StrCat("$sort", fields.size()), k->type});
    }
    extended->schema = types::MakeSchema(std::move(fields));
    sort_input = extended;
  }
  auto node = NewNode(NodeKind::kSort, {sort_input});
  node->schema = sort_input->schema;
  for (size_t i = 0; i < query.order_by.size(); ++i) {
    const sql::OrderItem& item = query.order_by[i];
    SortKey key;
    key.column = key_columns[i];
    key.descending = item.descending;
    // Flink: NULLS FIRST for ASC, NULLS LAST for DESC by default.
    key.nulls_first = item.nulls == sql::OrderItem::Nulls::kDefault
                          ? !item.descending
                          : item.nulls == sql::OrderItem::Nulls::kFirst;
    node->sort_keys.push_back(key);
  }
  auto constant = [&](const sql::ExprPtr& e, int64_t* out) -> Status {
    SLUICE_ASSIGN_OR_RETURN(ExprPtr b, BindExpression(*e, Scope()));
    if (!b->IsLiteral() || !b->type.IsInteger() || b->literal.as_int() < 0) {
      return Error(e->pos, "LIMIT and OFFSET take non-negative integer literals");
    }
    *out = b->literal.as_int();
    return Status();
  };
  if (query.limit) SLUICE_RETURN_IF_ERROR(constant(query.limit, &node->limit));
  if (query.offset) SLUICE_RETURN_IF_ERROR(constant(query.offset, &node->offset));
  bound.plan = node;
  if (!extra_keys.empty()) {
    std::vector<ExprPtr> visible;
    std::vector<std::string> names;
    for (size_t i = 0; i < bound.scope.columns.size(); ++i) {
      const types::Field& f = node->schema->field(i);
      visible.push_back(expr::MakeColumnRef(static_cast<int>(i), f.type));
      names.push_back(f.name);
    }
    bound.plan = MakeCalc(node, visible, names);
  }
  bound.projection_input = nullptr;
  return bound;
}

}  // namespace sluice::planner
