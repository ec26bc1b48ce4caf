// Binder: OVER calls of a plain SELECT. `ROW_NUMBER() OVER (PARTITION BY .. ORDER BY ..)` binds
// to a Rank node whose range the optimizer takes from the enclosing query's filter (Top-N,
// deduplication, window Top-N); `agg(x) OVER (PARTITION BY .. ORDER BY time ROWS|RANGE ..)` binds
// to an OverAggregate node. Both append their result columns to their input's columns.
#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "sluice/planner/binder.h"

namespace sluice::planner {

using expr::ExprPtr;
using types::DataType;

namespace {

bool SameWindow(const sql::WindowSpec& a, const sql::WindowSpec& b) {
  return a.ToString() == b.ToString();
}

}  // namespace

StatusOr<std::vector<SortKey>> Binder::BindOverOrder(const sql::WindowSpec& spec,
                                                     const Scope& scope, PreProjection* pre) {
  std::vector<SortKey> keys;
  for (const sql::OrderItem& item : spec.order_by) {
    SLUICE_ASSIGN_OR_RETURN(ExprPtr bound, BindExpression(*item.expr, scope));
    SortKey key;
    key.column = pre->Add(bound, item.expr->kind == sql::ExprKind::kColumnRef
                                     ? item.expr->As<sql::ColumnRefExpr>().names.back()
                                     : absl::StrCat("$f", pre->exprs.size()));
    key.descending = item.descending;
    // Flink: NULLS FIRST for ASC, NULLS LAST for DESC by default.
    key.nulls_first = item.nulls == sql::OrderItem::Nulls::kDefault
                          ? !item.descending
                          : item.nulls == sql::OrderItem::Nulls::kFirst;
    keys.push_back(key);
  }
  return keys;
}

Status Binder::BindOverCalls(const sql::SelectQuery& select, Bound* from,
                             AggregateMapping* mapping) {
  std::vector<const sql::FunctionCallExpr*> calls;
  for (const sql::SelectItem& item : select.select_list) CollectOverCalls(item.expr, &calls);
  if (calls.empty()) return Status();
  // OVER w names a window of the WINDOW clause.
  std::vector<const sql::WindowSpec*> specs;
  for (const sql::FunctionCallExpr* call : calls) {
    const sql::WindowSpec* spec = call->over.get();
    if (!spec->reference_name.empty()) {
      if (!spec->partition_by.empty() || !spec->order_by.empty() || spec->frame) {
        return Error(spec->pos, "refining a named window is not supported yet");
      }
      auto named =
          std::find_if(select.windows.begin(), select.windows.end(),
                       [&](const sql::NamedWindow& w) { return w.name == spec->reference_name; });
      if (named == select.windows.end()) {
        return Error(spec->pos, absl::StrCat("unknown window '", spec->reference_name, "'"));
      }
      spec = &named->spec;
    }
    if (!specs.empty() && !SameWindow(*spec, *specs[0])) {
      return Error(call->over->pos, "All aggregates must be computed on the same window.");
    }
    specs.push_back(spec);
  }
  const sql::FunctionCallExpr& first = *calls[0];
  const sql::WindowSpec& spec = *specs[0];
  const bool row_number = absl::AsciiStrToUpper(first.name) == "ROW_NUMBER";
  for (const sql::FunctionCallExpr* call : calls) {
    std::string name = absl::AsciiStrToUpper(call->name);
    if ((name == "ROW_NUMBER") != row_number) {
      return Error(call->pos,
                   "ROW_NUMBER() cannot be combined with other OVER calls in one "
                   "SELECT");
    }
    if (name == "ROW_NUMBER" && calls.size() > 1) {
      return Error(call->pos, "ROW_NUMBER() can appear only once in a SELECT");
    }
    if (name != "ROW_NUMBER" && !IsAggregateFunction(name)) {
      return Error(call->pos, absl::StrCat(name,
                                           " OVER (...) is not supported yet; ROW_NUMBER, "
                                           "COUNT, SUM, MIN, MAX and AVG are"));
    }
    if (call->distinct || call->filter) {
      return Error(call->pos, "DISTINCT and FILTER are not supported in OVER aggregation yet");
    }
  }

  // Pre-projection: the input's columns first (so the select list's column indexes hold), then
  // computed partition keys, order keys and aggregate arguments.
  PreProjection pre;
  std::vector<types::Field> fields;
  for (size_t i = 0; i < from->scope.columns.size(); ++i) {
    const types::Field& f = from->plan->schema->field(i);
    pre.exprs.push_back(expr::MakeColumnRef(static_cast<int>(i), f.type));
    pre.names.push_back(f.name);
    pre.index[pre.exprs.back()->ToString()] = static_cast<int>(i);
  }
  std::vector<int> partition;
  for (const sql::ExprPtr& e : spec.partition_by) {
    SLUICE_ASSIGN_OR_RETURN(ExprPtr bound, BindExpression(*e, from->scope));
    int column = pre.Add(bound, absl::StrCat("$f", pre.exprs.size()));
    if (std::find(partition.begin(), partition.end(), column) == partition.end()) {
      partition.push_back(column);
    }
  }
  SLUICE_ASSIGN_OR_RETURN(std::vector<SortKey> order, BindOverOrder(spec, from->scope, &pre));

  std::shared_ptr<PlanNode> node;
  if (row_number) {
    if (!first.args.empty()) return Error(first.pos, "ROW_NUMBER() takes no arguments");
    if (order.empty()) return Error(spec.pos, "ROW_NUMBER() OVER (...) needs an ORDER BY");
    if (spec.frame) return Error(spec.frame->pos, "ROW_NUMBER() OVER (...) takes no frame");
    node = NewNode(NodeKind::kRank, {MakeCalc(from->plan, pre.exprs, pre.names)});
    node->partition_keys = partition;
    node->sort_keys = order;
    node->output_rank_number = true;
    node->deferred_error = std::string(
        Error(first.pos,
              "ROW_NUMBER() OVER (...) needs a filter on its result in the enclosing query (rn = "
              "1, rn <= N, rn < N or rn BETWEEN a AND b): streaming Top-N and deduplication are "
              "planned from that filter")
            .message());
    fields = node->inputs[0]->schema->fields();
    fields.push_back({"w0$o0", DataType::BigInt().WithNullable(false)});
  } else {
    // Streaming OVER aggregation: one ascending time attribute, CURRENT ROW as the upper bound.
    if (order.size() != 1) {
      return Error(spec.pos, "The window can only be ordered by a single time column.");
    }
    const DataType& order_type = pre.exprs[order[0].column]->type;
    if (!order_type.IsTimeAttribute()) {
      return Error(spec.order_by[0].pos,
                   "OVER windows' ordering in stream mode must be defined on a time attribute.");
    }
    if (order[0].descending) {
      return Error(spec.order_by[0].pos, "The window can only be ordered in ASCENDING mode.");
    }
    OverFrame frame;
    frame.rows = false;  // default with ORDER BY: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    if (spec.frame) {
      const sql::WindowFrame& f = *spec.frame;
      frame.rows = f.rows;
      if (f.end.kind != sql::FrameBound::Kind::kCurrentRow) {
        return Error(f.pos, "OVER windows only support CURRENT ROW as the upper bound");
      }
      switch (f.start.kind) {
        case sql::FrameBound::Kind::kUnboundedPreceding:
          break;
        case sql::FrameBound::Kind::kCurrentRow:
          frame.preceding = 0;
          break;
        case sql::FrameBound::Kind::kPreceding: {
          SLUICE_ASSIGN_OR_RETURN(ExprPtr bound, BindExpression(*f.start.offset, Scope()));
          bool interval = bound->type.id == types::TypeId::kIntervalDayTime;
          if (!bound->IsLiteral() || bound->literal.is_null() ||
              (f.rows ? !bound->type.IsInteger() : !interval) || bound->literal.as_int() < 0) {
            return Error(f.start.offset->pos,
                         f.rows ? "ROWS ... PRECEDING takes a non-negative integer literal"
                                : "RANGE ... PRECEDING over a time attribute takes a "
                                  "non-negative day-time INTERVAL literal");
          }
          frame.preceding = bound->literal.as_int();
          break;
        }
        default:
          return Error(f.pos, "OVER windows only support PRECEDING lower bounds");
      }
    }
    std::vector<AggregateCall> aggregates;
    for (const sql::FunctionCallExpr* call : calls) {
      std::string text = call->ToString();
      if (mapping->expressions.count(text)) continue;
      std::string name = absl::AsciiStrToUpper(call->name);
      AggregateCall agg;
      agg.kind = AggregateKindOf(*call);
      if (agg.kind == AggregateKind::kFirstValue || agg.kind == AggregateKind::kLastValue ||
          agg.kind == AggregateKind::kListAgg ||
          agg.kind == AggregateKind::kApproxCountDistinct) {
        return Error(call->pos, absl::StrCat(name, " OVER (...) is not supported yet; COUNT, "
                                                   "SUM, MIN, MAX and AVG are"));
      }
      DataType arg_type = DataType::BigInt();
      if (agg.kind != AggregateKind::kCountStar) {
        if (call->args.size() != 1 || call->args[0]->kind == sql::ExprKind::kStar) {
          return Error(call->pos, absl::StrCat(name, " takes exactly one argument"));
        }
        SLUICE_ASSIGN_OR_RETURN(ExprPtr arg, BindExpression(*call->args[0], from->scope));
        arg_type = arg->type;
        agg.argument = pre.Add(arg, absl::StrCat("$f", pre.exprs.size()));
      }
      auto type = AggregateResultType(agg.kind, arg_type);
      if (!type.ok()) {
        return Error(call->pos, absl::StrCat("cannot apply ", name, " to ", arg_type.ToString()));
      }
      bool counts = agg.kind == AggregateKind::kCount || agg.kind == AggregateKind::kCountStar;
      agg.result_type = counts ? *type : type->WithNullable(arg_type.nullable);
      agg.name = absl::StrCat("w0$o", aggregates.size());
      mapping->expressions[text] = static_cast<int>(pre.exprs.size() + aggregates.size());
      aggregates.push_back(agg);
    }
    node = NewNode(NodeKind::kOverAggregate, {MakeCalc(from->plan, pre.exprs, pre.names)});
    node->partition_keys = partition;
    node->sort_keys = order;
    node->time_column = order[0].column;
    node->frame = frame;
    node->aggregates = aggregates;
    fields = node->inputs[0]->schema->fields();
    for (const AggregateCall& a : aggregates) fields.push_back({a.name, a.result_type});
  }
  node->schema = types::MakeSchema(fields);
  if (row_number) mapping->expressions[first.ToString()] = static_cast<int>(fields.size() - 1);
  mapping->active = true;
  mapping->over = true;
  // The scope: the input's columns as they were, then the pre-projection's and the node's
  // columns, hidden from `*`.
  for (size_t i = from->scope.columns.size(); i < fields.size(); ++i) {
    from->scope.columns.push_back({"", fields[i].name, fields[i].type, /*hidden=*/true});
  }
  from->plan = node;
  return Status();
}

}  // namespace sluice::planner
