// ToString for queries and table references.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sluice/sql/ast.h"

namespace sluice::sql {

namespace {

std::string Exprs(const std::vector<ExprPtr>& exprs) {
  std::vector<std::string> parts;
  for (const ExprPtr& expr : exprs) parts.push_back(expr ? expr->ToString() : "?");
  return absl::StrJoin(parts, ", ");
}

std::string Identifiers(const std::vector<Identifier>& ids) {
  std::vector<std::string> parts;
  for (const Identifier& id : ids) parts.push_back(QuoteIdentifier(id.name));
  return absl::StrJoin(parts, ", ");
}

std::string OrderItems(const std::vector<OrderItem>& items) {
  std::vector<std::string> parts;
  for (const OrderItem& item : items) parts.push_back(item.ToString());
  return absl::StrJoin(parts, ", ");
}

std::string Alias(const TableRef& ref) {
  if (ref.alias.empty()) return "";
  std::string out = absl::StrCat(" AS ", QuoteIdentifier(ref.alias));
  if (!ref.column_aliases.empty()) absl::StrAppend(&out, "(", Identifiers(ref.column_aliases), ")");
  return out;
}

std::string Hints(const std::vector<Hint>& hints) {
  if (hints.empty()) return "";
  std::vector<std::string> parts;
  for (const Hint& hint : hints) parts.push_back(hint.ToString());
  return absl::StrCat("/*+ ", absl::StrJoin(parts, ", "), " */");
}

std::string GroupingToString(const GroupingElement& element) {
  std::vector<std::string> children;
  for (const GroupingElement& child : element.children) children.push_back(GroupingToString(child));
  switch (element.kind) {
    case GroupingElement::Kind::kExpression:
      return element.expr ? element.expr->ToString() : "?";
    case GroupingElement::Kind::kList:
      return absl::StrCat("(", Exprs(element.list), ")");
    case GroupingElement::Kind::kGroupingSets:
      return absl::StrCat("GROUPING SETS (", absl::StrJoin(children, ", "), ")");
    case GroupingElement::Kind::kRollup:
      return absl::StrCat("ROLLUP (", absl::StrJoin(children, ", "), ")");
    case GroupingElement::Kind::kCube:
      return absl::StrCat("CUBE (", absl::StrJoin(children, ", "), ")");
  }
  return "?";
}

std::string TableFunctionArgToString(const TableFunctionArg& arg) {
  std::string out = arg.name.empty() ? "" : absl::StrCat(QuoteIdentifier(arg.name), " => ");
  switch (arg.kind) {
    case TableFunctionArg::Kind::kTable:
      if (arg.table && arg.table->Is<SubqueryTableRef>()) {
        absl::StrAppend(&out, arg.table->ToString());
      } else {
        absl::StrAppend(&out, "TABLE ", arg.table ? arg.table->ToString() : "?");
      }
      if (!arg.partition_by.empty()) {
        absl::StrAppend(&out, " PARTITION BY ",
                        arg.partition_by.size() == 1
                            ? Exprs(arg.partition_by)
                            : absl::StrCat("(", Exprs(arg.partition_by), ")"));
      }
      if (!arg.order_by.empty()) absl::StrAppend(&out, " ORDER BY ", OrderItems(arg.order_by));
      return out;
    case TableFunctionArg::Kind::kDescriptor:
      return absl::StrCat(out, "DESCRIPTOR(", Identifiers(arg.descriptor), ")");
    case TableFunctionArg::Kind::kExpression:
      return absl::StrCat(out, arg.expr ? arg.expr->ToString() : "?");
  }
  return out;
}

// Set-operation binding level: INTERSECT binds tighter than UNION/EXCEPT; other queries are
// atoms. A query with its own WITH/ORDER BY/LIMIT must be parenthesized as an operand.
int SetLevel(const Query& query) {
  if (!query.with.empty() || !query.order_by.empty() || query.limit || query.offset) return 0;
  if (query.Is<SetOperationQuery>()) {
    return query.As<SetOperationQuery>().op == SetOp::kIntersect ? 2 : 1;
  }
  return 3;
}

std::string SetOperand(const QueryPtr& query, int min_level) {
  if (!query) return "?";
  if (SetLevel(*query) < min_level) return absl::StrCat("(", query->ToString(), ")");
  return query->ToString();
}

std::string SelectToString(const SelectQuery& select) {
  std::string out = "SELECT ";
  if (!select.hints.empty()) absl::StrAppend(&out, Hints(select.hints), " ");
  if (select.distinct) absl::StrAppend(&out, "DISTINCT ");
  std::vector<std::string> items;
  for (const SelectItem& item : select.select_list) {
    std::string text = item.expr ? item.expr->ToString() : "?";
    if (!item.alias.empty()) absl::StrAppend(&text, " AS ", QuoteIdentifier(item.alias));
    items.push_back(std::move(text));
  }
  absl::StrAppend(&out, absl::StrJoin(items, ", "));
  if (select.from) absl::StrAppend(&out, " FROM ", select.from->ToString());
  if (select.where) absl::StrAppend(&out, " WHERE ", select.where->ToString());
  if (!select.group_by.empty()) {
    std::vector<std::string> groups;
    for (const GroupingElement& element : select.group_by)
      groups.push_back(GroupingToString(element));
    absl::StrAppend(&out, " GROUP BY ", absl::StrJoin(groups, ", "));
  }
  if (select.having) absl::StrAppend(&out, " HAVING ", select.having->ToString());
  if (!select.windows.empty()) {
    std::vector<std::string> windows;
    for (const NamedWindow& window : select.windows) {
      windows.push_back(absl::StrCat(QuoteIdentifier(window.name), " AS ", window.spec.ToString()));
    }
    absl::StrAppend(&out, " WINDOW ", absl::StrJoin(windows, ", "));
  }
  return out;
}

}  // namespace

std::string Hint::ToString() const {
  std::string out = name;
  if (!options.empty()) {
    std::vector<std::string> parts;
    for (const PropertyOption& option : options) {
      parts.push_back(absl::StrCat(QuoteString(option.key), " = ", QuoteString(option.value)));
    }
    absl::StrAppend(&out, "(", absl::StrJoin(parts, ", "), ")");
  } else if (!args.empty()) {
    absl::StrAppend(&out, "(", absl::StrJoin(args, ", "), ")");
  }
  return out;
}

std::string Query::ToString() const {
  std::string out;
  if (!with.empty()) {
    std::vector<std::string> ctes;
    for (const CommonTableExpr& cte : with) {
      std::string text = QuoteIdentifier(cte.name);
      if (!cte.columns.empty()) absl::StrAppend(&text, "(", Identifiers(cte.columns), ")");
      absl::StrAppend(&text, " AS (", cte.query ? cte.query->ToString() : "?", ")");
      ctes.push_back(std::move(text));
    }
    absl::StrAppend(&out, "WITH ", absl::StrJoin(ctes, ", "), " ");
  }
  switch (kind) {
    case QueryKind::kSelect:
      absl::StrAppend(&out, SelectToString(As<SelectQuery>()));
      break;
    case QueryKind::kSetOperation: {
      const auto& set = As<SetOperationQuery>();
      int level = set.op == SetOp::kIntersect ? 2 : 1;
      static constexpr const char* kOps[] = {"UNION", "INTERSECT", "EXCEPT"};
      absl::StrAppend(&out, SetOperand(set.left, level), " ", kOps[static_cast<int>(set.op)],
                      set.all ? " ALL " : " ", SetOperand(set.right, level + 1));
      break;
    }
    case QueryKind::kValues: {
      std::vector<std::string> rows;
      for (const std::vector<ExprPtr>& row : As<ValuesQuery>().rows) {
        rows.push_back(absl::StrCat("(", Exprs(row), ")"));
      }
      absl::StrAppend(&out, "VALUES ", absl::StrJoin(rows, ", "));
      break;
    }
  }
  if (!order_by.empty()) absl::StrAppend(&out, " ORDER BY ", OrderItems(order_by));
  if (limit) absl::StrAppend(&out, " LIMIT ", limit->ToString());
  if (offset) absl::StrAppend(&out, " OFFSET ", offset->ToString());
  return out;
}

const char* JoinTypeName(JoinType type) {
  switch (type) {
    case JoinType::kInner:
      return "JOIN";
    case JoinType::kLeft:
      return "LEFT JOIN";
    case JoinType::kRight:
      return "RIGHT JOIN";
    case JoinType::kFull:
      return "FULL JOIN";
    case JoinType::kCross:
      return "CROSS JOIN";
    case JoinType::kComma:
      return ",";
  }
  return "?";
}

std::string TableRef::ToString() const {
  switch (kind) {
    case TableRefKind::kNamed: {
      const auto& named = As<NamedTableRef>();
      std::string out = named.name.ToString();
      if (!named.hints.empty()) absl::StrAppend(&out, " ", Hints(named.hints));
      if (named.system_time) {
        absl::StrAppend(&out, " FOR SYSTEM_TIME AS OF ", named.system_time->ToString());
      }
      return out + Alias(*this);
    }
    case TableRefKind::kSubquery: {
      const auto& subquery = As<SubqueryTableRef>();
      return absl::StrCat(subquery.lateral ? "LATERAL " : "", "(",
                          subquery.query ? subquery.query->ToString() : "?", ")", Alias(*this));
    }
    case TableRefKind::kJoin: {
      const auto& join = As<JoinTableRef>();
      std::string right = join.right ? join.right->ToString() : "?";
      if (join.right && join.right->Is<JoinTableRef>()) right = absl::StrCat("(", right, ")");
      std::string out = absl::StrCat(
          join.left ? join.left->ToString() : "?", join.join_type == JoinType::kComma ? ", " : " ",
          join.join_type == JoinType::kComma ? "" : JoinTypeName(join.join_type),
          join.join_type == JoinType::kComma ? "" : " ", right);
      if (join.condition) absl::StrAppend(&out, " ON ", join.condition->ToString());
      if (!join.using_columns.empty()) {
        absl::StrAppend(&out, " USING (", Identifiers(join.using_columns), ")");
      }
      return out;
    }
    case TableRefKind::kTableFunction: {
      const auto& function = As<TableFunctionTableRef>();
      std::vector<std::string> args;
      for (const TableFunctionArg& arg : function.args)
        args.push_back(TableFunctionArgToString(arg));
      return absl::StrCat(function.lateral ? "LATERAL " : "", "TABLE(",
                          function.function.ToString(), "(", absl::StrJoin(args, ", "), "))",
                          Alias(*this));
    }
    case TableRefKind::kUnnest: {
      const auto& unnest = As<UnnestTableRef>();
      return absl::StrCat("UNNEST(", Exprs(unnest.args), ")",
                          unnest.with_ordinality ? " WITH ORDINALITY" : "", Alias(*this));
    }
  }
  return "?";
}

}  // namespace sluice::sql
