// Binder: resolves AST statements against the catalog into plans (logical_plan.h) and catalog
// objects, reporting user mistakes with line:column (unknown tables, columns, functions, type
// mismatches).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/catalog/catalog.h"
#include "sluice/common/options.h"
#include "sluice/expr/expression.h"
#include "sluice/planner/logical_plan.h"
#include "sluice/sql/ast.h"

namespace sluice::planner {

/// A column visible to expressions: its qualifier (table alias) and name, its index in the input
/// batch and its type.
struct ScopeColumn {
  std::string qualifier;
  std::string name;
  types::DataType type;
  bool hidden = false;  // not expanded by `*` (e.g. system columns)
};

struct Scope {
  std::vector<ScopeColumn> columns;
  std::string table_name;  // for messages: the single table of the scope, if any
};

/// Maps an AST subexpression (by its SQL text) to a column of the aggregate output, used to bind
/// select items and HAVING above an aggregation.
struct AggregateMapping {
  std::map<std::string, int> expressions;  // group keys and aggregate calls
  bool active = false;
  /// The mapping holds OVER calls of a plain SELECT: other columns bind as usual.
  bool over = false;
};

/// The columns an aggregation reads, computed by a Calc below it: group keys, aggregate
/// arguments and FILTER conditions, each bound expression once.
struct PreProjection {
  std::vector<expr::ExprPtr> exprs;
  std::vector<std::string> names;
  std::map<std::string, int> index;  // expression text -> column
  /// The column of `e`, added under `name` if new.
  int Add(expr::ExprPtr e, const std::string& name);
};

class Binder {
 public:
  /// `sql` is the text positions refer to (the whole script).
  Binder(const catalog::Catalog& catalog, const Options& session_options, std::string_view sql);

  StatusOr<PlanPtr> BindQuery(const sql::Query& query);
  /// INSERT INTO t SELECT ...: a Sink node over the query (with casts to the sink's types).
  StatusOr<PlanPtr> BindInsert(const sql::InsertStatement& insert);
  StatusOr<catalog::CatalogTable> BindCreateTable(const sql::CreateTableStatement& create);
  StatusOr<catalog::CatalogView> BindCreateView(const sql::CreateViewStatement& create);
  /// Binds an expression over `scope` (no aggregates).
  StatusOr<expr::ExprPtr> BindExpression(const sql::Expr& expr, const Scope& scope);

  /// Converts a written type to the engine's type; ARRAY/MAP/ROW are rejected for now.
  StatusOr<types::DataType> ConvertType(const sql::TypeSpec& spec);

 private:
  struct Bound {
    PlanPtr plan;
    Scope scope;
    // For a plain SELECT (no aggregation, no DISTINCT), whose plan is its projection: the scope
    // the projection reads, so ORDER BY can use columns the SELECT list leaves out.
    std::shared_ptr<const Scope> projection_input;
  };

  Status Error(sql::SourcePosition pos, std::string_view message) const;
  Status Error(sql::SourcePosition pos, absl::string_view message) const {
    return Error(pos, std::string_view(message.data(), message.size()));
  }
  Status Error(sql::SourcePosition pos, const std::string& message) const {
    return Error(pos, std::string_view(message));
  }
  Status Error(sql::SourcePosition pos, const char* message) const {
    return Error(pos, std::string_view(message));
  }

  StatusOr<Bound> BindQueryNode(const sql::Query& query);
  StatusOr<Bound> BindSelect(const sql::SelectQuery& select);
  StatusOr<Bound> BindSetOperation(const sql::SetOperationQuery& query);
  StatusOr<Bound> BindValues(const sql::ValuesQuery& values);
  StatusOr<Bound> BindOrderLimit(const sql::Query& query, Bound bound);
  StatusOr<Bound> BindTableRef(const sql::TableRef& ref);
  StatusOr<Bound> BindNamedTable(const sql::NamedTableRef& ref);
  /// A regular join (binder_join.cc).
  StatusOr<Bound> BindJoin(const sql::JoinTableRef& join);
  /// Temporal join: the AS OF time (a left rowtime) and the versioned table's rowtime.
  Status BindTemporalTime(const sql::NamedTableRef& versioned, const Bound& left,
                          const Bound& right, PlanNode* join);
  /// The join keys must cover the versioned table's primary key.
  Status CheckTemporalKeys(const sql::NamedTableRef& versioned, const Bound& right,
                           const PlanNode& join);
  StatusOr<Bound> BindWindowFunction(const sql::TableFunctionTableRef& ref);
  StatusOr<Bound> BindAggregation(const sql::SelectQuery& select, Bound from);
  /// Window aggregation over `window_function` (a kWindowTableFunction node): the query's own
  /// TABLE(TUMBLE(...)) grouped by window_start/window_end, or, with `group_window`, the node
  /// made for a legacy GROUP BY TUMBLE(ts, ...) whose auxiliary functions (TUMBLE_START, ...)
  /// name the window columns.
  StatusOr<Bound> BindWindowAggregation(const sql::SelectQuery& select, Bound from,
                                        const PlanNode& window_function,
                                        const sql::FunctionCallExpr* group_window);
  /// Legacy group windows: GROUP BY TUMBLE(ts, size) | HOP(ts, slide, size) | SESSION(ts, gap).
  StatusOr<Bound> BindGroupWindowAggregation(const sql::SelectQuery& select, Bound from,
                                             const sql::FunctionCallExpr& group_window);
  Status ValidateWindow(const std::string& name, const WindowSpec& window, sql::SourcePosition pos);
  /// The table.exec.emit.* options of a legacy group window (rejected for window table
  /// functions, as Flink does), into `window`.
  Status ApplyEmitStrategy(const sql::SelectQuery& select, bool legacy, WindowSpec* window);
  /// The window table function node appending window_start, window_end, window_time.
  static PlanPtr MakeWindowTableFunction(const PlanPtr& input, const WindowSpec& window,
                                         int time_column);
  /// Binds the aggregate calls of the select list and HAVING over `scope`.
  Status BindAggregateCalls(const sql::SelectQuery& select, const Scope& scope, PreProjection* pre,
                            std::vector<AggregateCall>* calls,
                            std::vector<std::string>* call_texts);
  /// HAVING as a filter over the aggregate's output.
  Status ApplyHaving(const sql::SelectQuery& select, const AggregateMapping& mapping,
                     Bound* aggregated);
  StatusOr<Bound> BindProjection(const sql::SelectQuery& select, Bound input,
                                 const AggregateMapping& mapping);
  /// The OVER calls of a plain SELECT (binder_over.cc): ROW_NUMBER() becomes a Rank node (the
  /// optimizer takes its range from the enclosing filter), aggregates an OverAggregate node.
  /// Extends `from` with their columns (hidden) and maps the calls' texts to them.
  Status BindOverCalls(const sql::SelectQuery& select, Bound* from, AggregateMapping* mapping);
  StatusOr<std::vector<SortKey>> BindOverOrder(const sql::WindowSpec& spec, const Scope& scope,
                                               PreProjection* pre);
  /// A scan of a catalog table with its computed columns and watermark.
  StatusOr<Bound> ScanTable(std::shared_ptr<const catalog::CatalogTable> table,
                            const std::string& alias, const sql::NamedTableRef& ref);

  StatusOr<expr::ExprPtr> BindExpr(const sql::Expr& expr, const Scope& scope,
                                   const AggregateMapping& mapping);
  StatusOr<expr::ExprPtr> BindColumnRef(const sql::ColumnRefExpr& ref, const Scope& scope);
  StatusOr<expr::ExprPtr> BindFunctionCall(const sql::FunctionCallExpr& call, const Scope& scope,
                                           const AggregateMapping& mapping);
  StatusOr<expr::ExprPtr> BindLiteral(const sql::LiteralExpr& literal);
  StatusOr<expr::ExprPtr> Call(sql::SourcePosition pos, std::string_view name,
                               std::vector<expr::ExprPtr> args);

  const catalog::Catalog& catalog_;
  const Options& options_;
  std::string_view sql_;
  std::vector<std::map<std::string, const sql::CommonTableExpr*>> ctes_;
};

/// True for COUNT, SUM, MIN, MAX, AVG (the aggregates the engine evaluates).
bool IsAggregateFunction(std::string_view name);
/// The kind of an aggregate call (COUNT(*) and COUNT() are kCountStar); `call` names one of
/// IsAggregateFunction's functions.
AggregateKind AggregateKindOf(const sql::FunctionCallExpr& call);
/// Flink's result type of an aggregate over an argument of type `arg` (InvalidArgument with no
/// message when the aggregate does not apply to it).
StatusOr<types::DataType> AggregateResultType(AggregateKind kind, const types::DataType& arg);
/// Appends the aggregate calls (not OVER) of `e` to `out`, outermost first.
void CollectAggregates(const sql::ExprPtr& e, std::vector<const sql::FunctionCallExpr*>* out);
/// Appends the OVER calls of `e` to `out`.
void CollectOverCalls(const sql::ExprPtr& e, std::vector<const sql::FunctionCallExpr*>* out);
/// An interval join's output keeps its two time columns' rowtime attributes, a temporal join its
/// left rowtime (in the node's schema and in `scope`, the join's output scope); other joins
/// materialize them.
void KeepIntervalTimeAttributes(PlanNode* join, Scope* scope);

/// Wraps `plan` in a Calc with `projections` (and `names` for the output fields).
PlanPtr MakeCalc(PlanPtr input, std::vector<expr::ExprPtr> projections,
                 const std::vector<std::string>& names, expr::ExprPtr condition = nullptr);

}  // namespace sluice::planner
