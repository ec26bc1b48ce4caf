// Binder: statements, FROM clauses and tables (select lists and aggregation are in
// binder_select.cc, expressions in binder_expression.cc).
#include "sluice/planner/binder.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sluice/sql/sql_error.h"

namespace sluice::planner {

using expr::ExprPtr;
using types::DataType;
using types::TimeAttribute;

Binder::Binder(const catalog::Catalog& catalog, const Options& session_options,
               std::string_view sql)
    : catalog_(catalog), options_(session_options), sql_(sql) {}

PlanPtr MakeCalc(PlanPtr input, std::vector<ExprPtr> projections,
                 const std::vector<std::string>& names, ExprPtr condition) {
  auto node = NewNode(NodeKind::kCalc, {std::move(input)});
  std::vector<types::Field> fields;
  for (size_t i = 0; i < projections.size(); ++i) {
    fields.push_back({names[i], projections[i]->type});
  }
  node->schema = types::MakeSchema(std::move(fields));
  node->projections = std::move(projections);
  node->condition = std::move(condition);
  return node;
}

namespace {

Scope ScopeOf(const types::Schema& schema, const std::string& qualifier) {
  Scope scope;
  scope.table_name = qualifier;
  for (const types::Field& f : schema.fields()) {
    scope.columns.push_back({qualifier, f.name, f.type});
  }
  return scope;
}

}  // namespace

StatusOr<PlanPtr> Binder::BindQuery(const sql::Query& query) {
  SLUICE_ASSIGN_OR_RETURN(Bound bound, BindQueryNode(query));
  return bound.plan;
}

StatusOr<Binder::Bound> Binder::BindQueryNode(const sql::Query& query) {
  ctes_.emplace_back();
  for (const sql::CommonTableExpr& cte : query.with) ctes_.back()[cte.name] = &cte;
  StatusOr<Bound> result;
  switch (query.kind) {
    case sql::QueryKind::kSelect:
      result = BindSelect(query.As<sql::SelectQuery>());
      break;
    case sql::QueryKind::kSetOperation:
      result = BindSetOperation(query.As<sql::SetOperationQuery>());
      break;
    case sql::QueryKind::kValues:
      result = BindValues(query.As<sql::ValuesQuery>());
      break;
  }
  if (result.ok() && (!query.order_by.empty() || query.limit || query.offset)) {
    result = BindOrderLimit(query, std::move(*result));
  }
  ctes_.pop_back();
  return result;
}

StatusOr<Binder::Bound> Binder::BindTableRef(const sql::TableRef& ref) {
  StatusOr<Bound> bound;
  switch (ref.kind) {
    case sql::TableRefKind::kNamed:
      bound = BindNamedTable(ref.As<sql::NamedTableRef>());
      break;
    case sql::TableRefKind::kSubquery: {
      const auto& sub = ref.As<sql::SubqueryTableRef>();
      bound = BindQueryNode(*sub.query);
      break;
    }
    case sql::TableRefKind::kTableFunction: {
      const auto& function = ref.As<sql::TableFunctionTableRef>();
      std::string name = absl::AsciiStrToUpper(function.function.last());
      if (name == "TUMBLE" || name == "HOP" || name == "CUMULATE" || name == "SESSION") {
        bound = BindWindowFunction(function);
      } else {
        return Error(ref.pos, absl::StrCat("table function '", function.function.ToString(),
                                           "' is not supported yet"));
      }
      break;
    }
    case sql::TableRefKind::kJoin:
      bound = BindJoin(ref.As<sql::JoinTableRef>());
      break;
    case sql::TableRefKind::kUnnest:
      return Error(ref.pos, "UNNEST is not supported yet");
  }
  if (!bound.ok()) return bound;
  // Apply `AS alias (c1, c2)`.
  if (!ref.alias.empty()) {
    for (ScopeColumn& c : bound->scope.columns) c.qualifier = ref.alias;
    bound->scope.table_name = ref.alias;
  }
  if (!ref.column_aliases.empty()) {
    if (ref.column_aliases.size() != bound->scope.columns.size()) {
      return Error(ref.pos, absl::StrCat("table alias lists ", ref.column_aliases.size(),
                                         " columns but the table has ",
                                         bound->scope.columns.size()));
    }
    std::vector<ExprPtr> projections;
    std::vector<std::string> names;
    for (size_t i = 0; i < ref.column_aliases.size(); ++i) {
      bound->scope.columns[i].name = ref.column_aliases[i].name;
      projections.push_back(expr::MakeColumnRef(static_cast<int>(i),
                                                bound->scope.columns[i].type));
      names.push_back(ref.column_aliases[i].name);
    }
    bound->plan = MakeCalc(bound->plan, projections, names);
  }
  return bound;
}

StatusOr<Binder::Bound> Binder::BindNamedTable(const sql::NamedTableRef& ref) {
  if (ref.system_time) {
    return Error(ref.pos, "FOR SYSTEM_TIME AS OF (temporal and lookup joins) is not supported "
                          "yet");
  }
  // Common table expressions shadow catalog objects.
  if (ref.name.parts.size() == 1) {
    for (auto it = ctes_.rbegin(); it != ctes_.rend(); ++it) {
      auto found = it->find(ref.name.parts[0]);
      if (found == it->end()) continue;
      const sql::CommonTableExpr& cte = *found->second;
      // Bind the CTE body seeing the WITH elements declared before it (in its own WITH and the
      // enclosing ones), not itself or later ones. The elements of one WITH point into the
      // same vector, so declaration order is address order.
      auto saved = ctes_;
      ctes_.erase(it.base(), ctes_.end());
      std::map<std::string, const sql::CommonTableExpr*>& siblings = ctes_.back();
      for (auto sibling = siblings.begin(); sibling != siblings.end();) {
        sibling = sibling->second >= &cte ? siblings.erase(sibling) : std::next(sibling);
      }
      StatusOr<Bound> bound = BindQueryNode(*cte.query);
      ctes_ = saved;
      if (!bound.ok()) return bound.status();
      std::string alias = ref.alias.empty() ? cte.name : ref.alias;
      for (ScopeColumn& c : bound->scope.columns) c.qualifier = alias;
      bound->scope.table_name = alias;
      if (!cte.columns.empty()) {
        if (cte.columns.size() != bound->scope.columns.size()) {
          return Error(cte.pos, absl::StrCat("WITH ", cte.name, " lists ", cte.columns.size(),
                                             " columns but its query has ",
                                             bound->scope.columns.size()));
        }
        std::vector<ExprPtr> projections;
        std::vector<std::string> names;
        for (size_t i = 0; i < cte.columns.size(); ++i) {
          bound->scope.columns[i].name = cte.columns[i].name;
          projections.push_back(
              expr::MakeColumnRef(static_cast<int>(i), bound->scope.columns[i].type));
          names.push_back(cte.columns[i].name);
        }
        bound->plan = MakeCalc(bound->plan, projections, names);
      }
      return bound;
    }
  }
  auto path = catalog_.Resolve(ref.name.parts);
  if (!path.ok()) return Error(ref.pos, path.status().message());
  if (auto table = catalog_.FindTable(*path)) {
    return ScanTable(table, ref.alias.empty() ? ref.name.last() : ref.alias, ref);
  }
  if (auto view = catalog_.FindView(*path)) {
    auto saved = std::move(ctes_);
    ctes_.clear();
    Binder view_binder(catalog_, options_, view->query_text);
    StatusOr<Bound> bound = view_binder.BindQueryNode(*view->query);
    ctes_ = std::move(saved);
    if (!bound.ok()) {
      return Error(ref.pos, absl::StrCat("view '", path->ToString(), "' cannot be expanded: ",
                                         bound.status().message()));
    }
    std::string alias = ref.alias.empty() ? ref.name.last() : ref.alias;
    for (size_t i = 0; i < bound->scope.columns.size(); ++i) {
      bound->scope.columns[i].qualifier = alias;
      if (i < view->column_names.size()) bound->scope.columns[i].name = view->column_names[i];
    }
    bound->scope.table_name = alias;
    if (!view->column_names.empty()) {
      std::vector<ExprPtr> projections;
      for (size_t i = 0; i < bound->scope.columns.size(); ++i) {
        projections.push_back(
            expr::MakeColumnRef(static_cast<int>(i), bound->scope.columns[i].type));
      }
      bound->plan = MakeCalc(bound->plan, projections, view->column_names);
    }
    return bound;
  }
  return Error(ref.pos, absl::StrCat("unknown table '", ref.name.ToString(), "'"));
}

StatusOr<Binder::Bound> Binder::ScanTable(std::shared_ptr<const catalog::CatalogTable> table,
                                          const std::string& alias,
                                          const sql::NamedTableRef& ref) {
  // The scan produces physical columns, then metadata columns.
  auto scan = NewNode(NodeKind::kScan, {});
  scan->table = table;
  for (const sql::Hint& hint : ref.hints) {
    if (hint.name != "OPTIONS") {
      return Error(hint.pos, absl::StrCat("unknown table hint '", hint.name,
                                          "'; supported: OPTIONS"));
    }
    for (const sql::PropertyOption& o : hint.options) {
      scan->dynamic_options.emplace_back(o.key, o.value);
    }
  }
  std::vector<types::Field> produced;
  std::vector<int> produced_index(table->columns.size(), -1);
  for (int pass = 0; pass < 2; ++pass) {
    auto wanted = pass == 0 ? catalog::ColumnKind::kPhysical : catalog::ColumnKind::kMetadata;
    for (size_t i = 0; i < table->columns.size(); ++i) {
      const catalog::TableColumn& c = table->columns[i];
      if (c.kind != wanted) continue;
      produced_index[i] = static_cast<int>(produced.size());
      produced.push_back({c.name, c.type.Materialized()});
    }
  }
  scan->schema = types::MakeSchema(produced);
  PlanPtr plan = scan;

  // Declared order with computed columns; time attributes as declared.
  bool needs_calc = false;
  for (size_t i = 0; i < table->columns.size(); ++i) {
    if (produced_index[i] != static_cast<int>(i) ||
        table->columns[i].kind == catalog::ColumnKind::kComputed ||
        table->columns[i].type.IsTimeAttribute()) {
      needs_calc = true;
    }
  }
  if (needs_calc) {
    Scope produced_scope = ScopeOf(*scan->schema, alias);
    Binder table_binder(catalog_, options_, "");
    std::vector<ExprPtr> projections;
    std::vector<std::string> names;
    for (size_t i = 0; i < table->columns.size(); ++i) {
      const catalog::TableColumn& c = table->columns[i];
      ExprPtr e;
      if (c.kind == catalog::ColumnKind::kComputed) {
        Binder computed_binder(catalog_, options_, c.expression_text);
        auto bound = computed_binder.BindExpression(*c.expression, produced_scope);
        if (!bound.ok()) {
          return Error(ref.pos, absl::StrCat("computed column '", c.name, "' of table '",
                                             table->path.ToString(),
                                             "': ", bound.status().message()));
        }
        e = *bound;
        if (c.type.time_attribute != e->type.time_attribute) {
          // Mark the rowtime attribute on the projected column.
          auto typed = std::make_shared<expr::Expression>(*e);
          typed->type = e->type.WithTimeAttribute(c.type.time_attribute);
          e = typed;
        }
      } else {
        e = expr::MakeColumnRef(produced_index[i], c.type);
      }
      projections.push_back(e);
      names.push_back(c.name);
    }
    plan = MakeCalc(plan, projections, names);
  }
  if (table->watermark) {
    int rowtime = table->ColumnIndex(table->watermark->rowtime_column);
    Scope scope = ScopeOf(*plan->schema, alias);
    Binder watermark_binder(catalog_, options_, table->watermark->expression_text);
    auto bound = watermark_binder.BindExpression(*table->watermark->expression, scope);
    if (!bound.ok()) return bound.status();
    auto node = NewNode(NodeKind::kWatermarkAssigner, {plan});
    node->schema = plan->schema;
    node->rowtime_column = rowtime;
    node->watermark = *bound;
    plan = node;
  }
  Bound out;
  out.plan = plan;
  out.scope = ScopeOf(*plan->schema, alias);
  return out;
}

Status Binder::ValidateWindow(const std::string& name, const WindowSpec& window,
                              sql::SourcePosition pos) {
  if (window.size <= 0) {
    return Error(pos, absl::StrCat(name, " needs a positive window ",
                                   window.kind == WindowKind::kSession ? "gap" : "size"));
  }
  if ((window.kind == WindowKind::kHop || window.kind == WindowKind::kCumulate) &&
      window.slide <= 0) {
    return Error(pos, absl::StrCat(name, " needs a positive window ",
                                   window.kind == WindowKind::kHop ? "slide" : "step"));
  }
  if (window.kind == WindowKind::kCumulate && window.size % window.slide != 0) {
    return Error(pos, absl::StrCat("CUMULATE window requires size must be an integral multiple "
                                   "of step, but got size ",
                                   window.size / 1000, "ms and step ", window.slide / 1000, "ms"));
  }
  return Status();
}

PlanPtr Binder::MakeWindowTableFunction(const PlanPtr& input, const WindowSpec& window,
                                        int time_column) {
  auto node = NewNode(NodeKind::kWindowTableFunction, {input});
  std::vector<types::Field> fields = input->schema->fields();
  const DataType time_type = fields[time_column].type;
  // The original time column becomes a plain timestamp; window_time keeps the attribute.
  fields[time_column].type = time_type.Materialized();
  DataType window_bound = DataType::Timestamp(3).WithNullable(false);
  fields.push_back({"window_start", window_bound});
  fields.push_back({"window_end", window_bound});
  DataType window_time = time_type.WithNullable(false);
  window_time.precision = 3;
  fields.push_back({"window_time", window_time});
  node->schema = types::MakeSchema(fields);
  node->window = window;
  node->time_column = time_column;
  return node;
}

StatusOr<Binder::Bound> Binder::BindWindowFunction(const sql::TableFunctionTableRef& ref) {
  std::string name = absl::AsciiStrToUpper(ref.function.last());
  const sql::TableFunctionArg* table_arg = nullptr;
  const sql::TableFunctionArg* descriptor = nullptr;
  std::vector<const sql::TableFunctionArg*> intervals;
  std::map<std::string, const sql::TableFunctionArg*> named;
  for (const sql::TableFunctionArg& arg : ref.args) {
    if (!arg.name.empty()) named[absl::AsciiStrToUpper(arg.name)] = &arg;
    switch (arg.kind) {
      case sql::TableFunctionArg::Kind::kTable:
        table_arg = &arg;
        break;
      case sql::TableFunctionArg::Kind::kDescriptor:
        descriptor = &arg;
        break;
      case sql::TableFunctionArg::Kind::kExpression:
        if (arg.name.empty()) intervals.push_back(&arg);
        break;
    }
  }
  if (table_arg == nullptr || descriptor == nullptr || descriptor->descriptor.size() != 1) {
    return Error(ref.pos, absl::StrCat(name, " expects (TABLE t, DESCRIPTOR(time_column), ...)"));
  }
  if (!table_arg->partition_by.empty() && name != "SESSION") {
    return Error(table_arg->pos, "PARTITION BY is only allowed for SESSION windows");
  }
  // Named intervals: SIZE, SLIDE, STEP, GAP, OFFSET.
  std::vector<std::string> order;
  if (name == "TUMBLE") order = {"SIZE", "OFFSET"};
  if (name == "HOP") order = {"SLIDE", "SIZE", "OFFSET"};
  if (name == "CUMULATE") order = {"STEP", "SIZE", "OFFSET"};
  if (name == "SESSION") order = {"GAP"};
  std::map<std::string, int64_t> values;
  for (size_t i = 0; i < order.size(); ++i) {
    const sql::TableFunctionArg* arg = nullptr;
    if (named.count(order[i])) arg = named[order[i]];
    else if (i < intervals.size()) arg = intervals[i];
    if (arg == nullptr) continue;
    auto bound = BindExpression(*arg->expr, Scope());
    if (!bound.ok()) return bound.status();
    if ((*bound)->type.id != types::TypeId::kIntervalDayTime || !(*bound)->IsLiteral()) {
      return Error(arg->pos, absl::StrCat(name, " ", absl::AsciiStrToLower(order[i]),
                                          " must be an INTERVAL literal such as INTERVAL '1' "
                                          "MINUTE"));
    }
    values[order[i]] = (*bound)->literal.as_int();
  }
  SLUICE_ASSIGN_OR_RETURN(Bound input, BindTableRef(*table_arg->table));
  const std::string& time_name = descriptor->descriptor[0].name;
  int time_column = -1;
  for (size_t i = 0; i < input.scope.columns.size(); ++i) {
    if (input.scope.columns[i].name == time_name) time_column = static_cast<int>(i);
  }
  if (time_column < 0) {
    return Error(descriptor->descriptor[0].pos,
                 absl::StrCat("unknown column '", time_name, "' in DESCRIPTOR"));
  }
  const DataType& time_type = input.scope.columns[time_column].type;
  if (!time_type.IsTimeAttribute()) {
    return Error(descriptor->descriptor[0].pos,
                 absl::StrCat("the window function requires the timecol to be a time attribute "
                              "(rowtime or proctime), but '",
                              time_name, "' is ", time_type.ToString()));
  }
  WindowSpec window;
  if (name == "TUMBLE") window.kind = WindowKind::kTumble;
  if (name == "HOP") window.kind = WindowKind::kHop;
  if (name == "CUMULATE") window.kind = WindowKind::kCumulate;
  if (name == "SESSION") window.kind = WindowKind::kSession;
  window.size = values.count("SIZE") ? values["SIZE"] : values["GAP"];
  window.slide = values.count("SLIDE") ? values["SLIDE"] : values["STEP"];
  window.offset = values.count("OFFSET") ? values["OFFSET"] : 0;
  window.ltz = time_type.id == types::TypeId::kTimestampLtz;
  SLUICE_RETURN_IF_ERROR(ValidateWindow(name, window, ref.pos));
  for (const sql::ExprPtr& key : table_arg->partition_by) {
    SLUICE_ASSIGN_OR_RETURN(ExprPtr bound, BindExpression(*key, input.scope));
    if (!bound->IsColumn()) {
      return Error(key->pos, "SESSION PARTITION BY takes columns of the input table");
    }
    window.partition_keys.push_back(bound->column_index);
  }
  PlanPtr node = MakeWindowTableFunction(input.plan, window, time_column);
  const std::vector<types::Field>& fields = node->schema->fields();
  Bound out;
  out.plan = node;
  out.scope = input.scope;
  out.scope.columns[time_column].type = fields[time_column].type;
  for (size_t i = fields.size() - 3; i < fields.size(); ++i) {
    out.scope.columns.push_back({input.scope.table_name, fields[i].name, fields[i].type});
  }
  return out;
}

StatusOr<catalog::CatalogTable> Binder::BindCreateTable(const sql::CreateTableStatement& create) {
  if (create.as_query) return Error(create.pos, "CREATE TABLE ... AS SELECT is not supported yet");
  if (create.like) return Error(create.like->pos, "CREATE TABLE ... LIKE is not supported yet");
  catalog::CatalogTable table;
  auto path = catalog_.Resolve(create.name.parts);
  if (!path.ok()) return Error(create.name.pos, path.status().message());
  table.path = *path;
  table.comment = create.comment;
  std::set<std::string> seen;
  std::vector<std::string> primary_key;
  for (const sql::ColumnDef& def : create.columns) {
    if (!seen.insert(def.name).second) {
      return Error(def.pos, absl::StrCat("duplicate column '", def.name, "'"));
    }
    catalog::TableColumn column;
    column.name = def.name;
    column.comment = def.comment;
    if (def.primary_key) primary_key.push_back(def.name);
    switch (def.kind) {
      case sql::ColumnKind::kPhysical: {
        SLUICE_ASSIGN_OR_RETURN(column.type, ConvertType(def.type));
        column.kind = catalog::ColumnKind::kPhysical;
        break;
      }
      case sql::ColumnKind::kMetadata: {
        SLUICE_ASSIGN_OR_RETURN(column.type, ConvertType(def.type));
        column.kind = catalog::ColumnKind::kMetadata;
        column.metadata_key = def.metadata_key ? *def.metadata_key : def.name;
        column.is_virtual = def.is_virtual;
        break;
      }
      case sql::ColumnKind::kComputed:
        column.kind = catalog::ColumnKind::kComputed;
        column.expression = def.expr;
        column.expression_text = def.expr_text;
        break;
    }
    table.columns.push_back(std::move(column));
  }
  // Computed columns see physical and metadata columns.
  Scope base;
  base.table_name = create.name.last();
  for (const catalog::TableColumn& c : table.columns) {
    if (c.kind != catalog::ColumnKind::kComputed) base.columns.push_back({"", c.name, c.type});
  }
  for (size_t i = 0; i < table.columns.size(); ++i) {
    catalog::TableColumn& c = table.columns[i];
    if (c.kind != catalog::ColumnKind::kComputed) continue;
    SLUICE_ASSIGN_OR_RETURN(ExprPtr bound, BindExpression(*c.expression, base));
    c.type = bound->type;
  }
  if (create.primary_key) {
    if (!primary_key.empty()) {
      return Error(create.primary_key->pos, "a table can have only one primary key");
    }
    for (const sql::Identifier& id : create.primary_key->columns) primary_key.push_back(id.name);
  }
  for (const std::string& key : primary_key) {
    int index = table.ColumnIndex(key);
    if (index < 0) {
      return Error(create.primary_key ? create.primary_key->pos : create.pos,
                   absl::StrCat("primary key column '", key, "' is not a column of the table"));
    }
    if (table.columns[index].kind != catalog::ColumnKind::kPhysical) {
      return Error(create.pos, absl::StrCat("primary key column '", key,
                                            "' must be a physical column"));
    }
    table.columns[index].type = table.columns[index].type.WithNullable(false);
  }
  table.primary_key = primary_key;
  if (create.watermark) {
    const sql::WatermarkDef& wm = *create.watermark;
    int index = table.ColumnIndex(wm.column.name);
    if (index < 0) {
      return Error(wm.column.pos, absl::StrCat("the rowtime attribute field '", wm.column.name,
                                               "' is not defined in the table schema"));
    }
    catalog::TableColumn& rowtime = table.columns[index];
    if (!rowtime.type.IsTimestamp() || rowtime.type.precision > 3) {
      return Error(wm.column.pos,
                   absl::StrCat("invalid data type of time field for watermark definition: the "
                                "field must be TIMESTAMP(p) or TIMESTAMP_LTZ(p) with p from 0 to "
                                "3, but '",
                                rowtime.name, "' is ", rowtime.type.ToString()));
    }
    if (rowtime.type.time_attribute == TimeAttribute::kProctime) {
      return Error(wm.column.pos,
                   absl::StrCat("a watermark can not be defined for a processing-time attribute: '",
                                rowtime.name, "'"));
    }
    Scope all;
    for (const catalog::TableColumn& c : table.columns) all.columns.push_back({"", c.name, c.type});
    SLUICE_ASSIGN_OR_RETURN(ExprPtr bound, BindExpression(*wm.expr, all));
    if (!bound->type.IsTimestamp()) {
      return Error(wm.expr->pos, absl::StrCat("the watermark expression must return a timestamp, "
                                              "but returns ",
                                              bound->type.ToString()));
    }
    rowtime.type = rowtime.type.WithTimeAttribute(TimeAttribute::kRowtime);
    table.watermark = catalog::WatermarkSpec{wm.column.name, wm.expr, wm.expr_text};
  }
  for (const sql::Identifier& p : create.partitioned_by) {
    if (table.ColumnIndex(p.name) < 0) {
      return Error(p.pos, absl::StrCat("partition column '", p.name,
                                       "' is not a column of the table"));
    }
    table.partition_keys.push_back(p.name);
  }
  for (const sql::PropertyOption& o : create.options) {
    if (table.options.count(o.key)) {
      return Error(o.pos, absl::StrCat("option '", o.key, "' is given twice"));
    }
    table.options[o.key] = o.value;
  }
  if (!table.options.count("connector")) {
    return Error(create.pos, absl::StrCat("table '", table.path.ToString(),
                                          "' needs a 'connector' option in its WITH clause"));
  }
  return table;
}

StatusOr<catalog::CatalogView> Binder::BindCreateView(const sql::CreateViewStatement& create) {
  catalog::CatalogView view;
  auto path = catalog_.Resolve(create.name.parts);
  if (!path.ok()) return Error(create.name.pos, path.status().message());
  view.path = *path;
  view.query = create.query;
  view.query_text = std::string(sql_);
  SLUICE_ASSIGN_OR_RETURN(Bound bound, BindQueryNode(*create.query));
  if (!create.columns.empty()) {
    if (create.columns.size() != bound.scope.columns.size()) {
      return Error(create.pos, absl::StrCat("view lists ", create.columns.size(),
                                            " columns but its query has ",
                                            bound.scope.columns.size()));
    }
    for (const sql::Identifier& id : create.columns) view.column_names.push_back(id.name);
  }
  std::vector<types::Field> fields;
  for (size_t i = 0; i < bound.scope.columns.size(); ++i) {
    fields.push_back({view.column_names.empty() ? bound.scope.columns[i].name
                                                : view.column_names[i],
                      bound.scope.columns[i].type});
  }
  view.schema = types::Schema(fields);
  return view;
}

StatusOr<PlanPtr> Binder::BindInsert(const sql::InsertStatement& insert) {
  auto path = catalog_.Resolve(insert.table.parts);
  if (!path.ok()) return Error(insert.table.pos, path.status().message());
  auto table = catalog_.FindTable(*path);
  if (!table) {
    return Error(insert.table.pos, absl::StrCat("unknown table '", insert.table.ToString(), "'"));
  }
  if (insert.overwrite) return Error(insert.pos, "INSERT OVERWRITE is not supported yet");
  if (!insert.partition.empty()) {
    return Error(insert.pos, "INSERT ... PARTITION (...) is not supported yet");
  }
  SLUICE_ASSIGN_OR_RETURN(Bound query, BindQueryNode(*insert.query));
  types::Schema sink = table->SinkSchema();
  // Column list: map query columns to sink positions; unlisted columns get NULL.
  std::vector<int> source_of(sink.size(), -1);
  if (insert.columns.empty()) {
    for (size_t i = 0; i < sink.size(); ++i) source_of[i] = static_cast<int>(i);
    if (query.scope.columns.size() != sink.size()) {
      std::vector<std::string> q, s;
      for (const ScopeColumn& c : query.scope.columns) q.push_back(c.name + " " + c.type.ToString());
      for (const types::Field& f : sink.fields()) s.push_back(f.name + " " + f.type.ToString());
      return Error(insert.query->pos,
                   absl::StrCat("column count mismatch: the query has ", query.scope.columns.size(),
                                " columns but sink '", path->ToString(), "' has ", sink.size(),
                                ". Query schema: [", absl::StrJoin(q, ", "), "] Sink schema: [",
                                absl::StrJoin(s, ", "), "]"));
    }
  } else {
    if (insert.columns.size() != query.scope.columns.size()) {
      return Error(insert.pos, absl::StrCat("the INSERT column list has ", insert.columns.size(),
                                            " columns but the query has ",
                                            query.scope.columns.size()));
    }
    for (size_t i = 0; i < insert.columns.size(); ++i) {
      int index = sink.IndexOf(insert.columns[i].name);
      if (index < 0) {
        return Error(insert.columns[i].pos,
                     absl::StrCat("unknown column '", insert.columns[i].name, "' in table '",
                                  path->ToString(), "'"));
      }
      source_of[index] = static_cast<int>(i);
    }
  }
  std::vector<ExprPtr> projections;
  std::vector<std::string> names;
  bool identity = true;
  for (size_t i = 0; i < sink.size(); ++i) {
    const types::Field& target = sink.field(i);
    ExprPtr e;
    if (source_of[i] < 0) {
      if (!target.type.nullable) {
        return Error(insert.pos, absl::StrCat("column '", target.name,
                                              "' is NOT NULL and must be given a value"));
      }
      e = expr::MakeLiteral(types::Value::Null(), target.type);
      identity = false;
    } else {
      const ScopeColumn& c = query.scope.columns[source_of[i]];
      e = expr::MakeColumnRef(source_of[i], c.type);
      if (source_of[i] != static_cast<int>(i)) identity = false;
      if (!c.type.SameAs(target.type)) {
        if (!types::CanCastImplicitly(c.type, target.type)) {
          return Error(insert.query->pos,
                       absl::StrCat("incompatible types for sink column '", target.name,
                                    "' at position ", i, ": the query gives ",
                                    c.type.ToString(), " but the sink expects ",
                                    target.type.ToString()));
        }
        e = expr::MakeCast(e, target.type.WithNullable(c.type.nullable));
        identity = false;
      }
    }
    projections.push_back(e);
    names.push_back(target.name);
  }
  PlanPtr plan = query.plan;
  if (!identity || query.plan->schema->size() != sink.size()) {
    plan = MakeCalc(plan, projections, names);
  }
  auto node = NewNode(NodeKind::kSink, {plan});
  node->schema = plan->schema;
  node->sink_table = table;
  node->sink_name = path->ToString();
  return PlanPtr(node);
}

}  // namespace sluice::planner
