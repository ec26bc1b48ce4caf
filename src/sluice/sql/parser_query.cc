// Queries: WITH, set operations, SELECT, VALUES, GROUP BY, ORDER BY, LIMIT/OFFSET/FETCH.
#include "absl/strings/str_cat.h"
#include "sluice/sql/sql_parser.h"

namespace sluice::sql {

bool SqlParser::PeekQueryStart(size_t ahead) const {
  while (PeekToken(TokenType::kLeftParen, ahead)) ++ahead;
  return PeekKeyword("SELECT", ahead) || PeekKeyword("WITH", ahead) || PeekKeyword("VALUES", ahead);
}

StatusOr<QueryPtr> SqlParser::ParseQuery() {
  SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<Query> query, ParseQueryNode());
  return query;
}

StatusOr<QueryPtr> SqlParser::ParseParenthesizedQuery() {
  SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kLeftParen));
  SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<Query> query, ParseQueryNode());
  SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kRightParen));
  return query;
}

namespace {
// `SELECT * FROM (inner)`: used when a parenthesized query that already has ORDER BY/LIMIT (or
// WITH) gets another one from outside the parentheses.
std::shared_ptr<Query> WrapInSelect(std::shared_ptr<Query> inner) {
  auto subquery = std::make_shared<SubqueryTableRef>();
  subquery->pos = inner->pos;
  subquery->query = inner;
  auto select = std::make_shared<SelectQuery>();
  select->pos = inner->pos;
  auto star = std::make_shared<StarExpr>();
  star->pos = inner->pos;
  select->select_list.push_back(SelectItem{std::move(star), "", inner->pos});
  select->from = std::move(subquery);
  return select;
}
}  // namespace

// [WITH cte, ...] set-operation [ORDER BY ...] [LIMIT n] [OFFSET m] [FETCH FIRST n ROWS ONLY]
StatusOr<std::shared_ptr<Query>> SqlParser::ParseQueryNode() {
  DepthGuard guard(this);
  if (guard.exceeded()) return DepthError();
  std::vector<CommonTableExpr> with;
  if (AcceptKeyword("WITH")) {
    if (PeekKeyword("RECURSIVE"))
      return Unexpected("a common table expression (WITH RECURSIVE is not supported)");
    do {
      CommonTableExpr cte;
      cte.pos = Peek().pos;
      SLUICE_ASSIGN_OR_RETURN(Identifier name, ParseIdentifier("a common table expression name"));
      cte.name = std::move(name.name);
      if (PeekToken(TokenType::kLeftParen)) {
        SLUICE_ASSIGN_OR_RETURN(cte.columns, ParseIdentifierList());
      }
      SLUICE_RETURN_IF_ERROR(ExpectKeyword("AS"));
      SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kLeftParen));
      SLUICE_ASSIGN_OR_RETURN(cte.query, ParseQuery());
      SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kRightParen));
      with.push_back(std::move(cte));
    } while (AcceptToken(TokenType::kComma));
  }
  SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<Query> body, ParseSetOperation(0));

  std::vector<OrderItem> order_by;
  ExprPtr limit;
  ExprPtr offset;
  if (AcceptKeyword("ORDER")) {
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("BY"));
    SLUICE_ASSIGN_OR_RETURN(order_by, ParseOrderByList());
  }
  if (AcceptKeyword("LIMIT")) {
    if (!AcceptKeyword("ALL")) {
      SLUICE_ASSIGN_OR_RETURN(limit, ParseExpr());
    }
  }
  if (AcceptKeyword("OFFSET")) {
    SLUICE_ASSIGN_OR_RETURN(offset, ParseExpr());
    if (!AcceptKeyword("ROWS")) AcceptKeyword("ROW");
  }
  if (!limit && AcceptKeyword("FETCH")) {
    if (!AcceptKeyword("FIRST") && !AcceptKeyword("NEXT")) return Unexpected("FIRST or NEXT");
    if (PeekKeyword("ROW") || PeekKeyword("ROWS")) {
      auto one = std::make_shared<LiteralExpr>();
      one->pos = Peek().pos;
      one->literal_kind = LiteralKind::kInteger;
      one->int_value = 1;
      one->text.push_back('1');  // not = "1": works around GCC 12 bug 105329 (-Wrestrict)
      limit = std::move(one);
    } else {
      SLUICE_ASSIGN_OR_RETURN(limit, ParseExpr());
    }
    if (!AcceptKeyword("ROWS") && !AcceptKeyword("ROW")) return Unexpected("ROWS");
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("ONLY"));
  }

  bool has_tail = !order_by.empty() || limit || offset;
  bool body_has_tail = !body->order_by.empty() || body->limit || body->offset;
  if ((!with.empty() && !body->with.empty()) || (has_tail && body_has_tail)) {
    body = WrapInSelect(std::move(body));
  }
  if (!with.empty()) body->with = std::move(with);
  if (has_tail) {
    body->order_by = std::move(order_by);
    body->limit = std::move(limit);
    body->offset = std::move(offset);
  }
  return body;
}

// Level 0: UNION / EXCEPT (MINUS); level 1: INTERSECT, which binds tighter.
StatusOr<std::shared_ptr<Query>> SqlParser::ParseSetOperation(int level) {
  std::shared_ptr<Query> left;
  if (level == 0) {
    SLUICE_ASSIGN_OR_RETURN(left, ParseSetOperation(1));
  } else {
    SLUICE_ASSIGN_OR_RETURN(left, ParseQueryPrimary());
  }
  ChainGuard chain(this);
  while (true) {
    if (!chain.Step()) return ChainError();
    SetOp op;
    if (level == 0 && PeekKeyword("UNION")) {
      op = SetOp::kUnion;
    } else if (level == 0 && (PeekKeyword("EXCEPT") || PeekKeyword("MINUS"))) {
      op = SetOp::kExcept;
    } else if (level == 1 && PeekKeyword("INTERSECT")) {
      op = SetOp::kIntersect;
    } else {
      return left;
    }
    Advance();
    auto set = std::make_shared<SetOperationQuery>();
    set->pos = left->pos;
    set->op = op;
    set->all = AcceptKeyword("ALL");
    if (!set->all) AcceptKeyword("DISTINCT");
    set->left = std::move(left);
    if (level == 0) {
      SLUICE_ASSIGN_OR_RETURN(set->right, ParseSetOperation(1));
    } else {
      SLUICE_ASSIGN_OR_RETURN(set->right, ParseQueryPrimary());
    }
    left = std::move(set);
  }
}

StatusOr<std::shared_ptr<Query>> SqlParser::ParseQueryPrimary() {
  if (PeekKeyword("SELECT")) return ParseSelect();
  if (PeekKeyword("VALUES")) return ParseValues();
  if (PeekToken(TokenType::kLeftParen)) {
    Advance();
    SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<Query> query, ParseQueryNode());
    SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kRightParen));
    return query;
  }
  return Unexpected("SELECT, VALUES or '('");
}

StatusOr<std::shared_ptr<Query>> SqlParser::ParseSelect() {
  auto select = std::make_shared<SelectQuery>();
  select->pos = Peek().pos;
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("SELECT"));
  SLUICE_ASSIGN_OR_RETURN(select->hints, ParseHintsHere());
  if (AcceptKeyword("DISTINCT")) {
    select->distinct = true;
  } else {
    AcceptKeyword("ALL");
  }
  do {
    SLUICE_ASSIGN_OR_RETURN(SelectItem item, ParseSelectItem());
    select->select_list.push_back(std::move(item));
  } while (AcceptToken(TokenType::kComma));
  if (AcceptKeyword("FROM")) {
    SLUICE_ASSIGN_OR_RETURN(select->from, ParseFromList());
  }
  if (AcceptKeyword("WHERE")) {
    SLUICE_ASSIGN_OR_RETURN(select->where, ParseExpr());
  }
  if (AcceptKeyword("GROUP")) {
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("BY"));
    do {
      SLUICE_ASSIGN_OR_RETURN(GroupingElement element, ParseGroupingElement(/*nested=*/false));
      select->group_by.push_back(std::move(element));
    } while (AcceptToken(TokenType::kComma));
  }
  if (AcceptKeyword("HAVING")) {
    SLUICE_ASSIGN_OR_RETURN(select->having, ParseExpr());
  }
  if (AcceptKeyword("WINDOW")) {
    do {
      NamedWindow window;
      window.pos = Peek().pos;
      SLUICE_ASSIGN_OR_RETURN(Identifier name, ParseIdentifier("a window name"));
      window.name = std::move(name.name);
      SLUICE_RETURN_IF_ERROR(ExpectKeyword("AS"));
      SLUICE_ASSIGN_OR_RETURN(window.spec, ParseWindowSpec());
      select->windows.push_back(std::move(window));
    } while (AcceptToken(TokenType::kComma));
  }
  return select;
}

StatusOr<SelectItem> SqlParser::ParseSelectItem() {
  SelectItem item;
  item.pos = Peek().pos;
  // `*` and `t.*` / `db.t.*` are only valid as whole select items.
  size_t ahead = 0;
  while (PeekIdentifier(ahead) && PeekToken(TokenType::kDot, ahead + 1)) ahead += 2;
  if (PeekToken(TokenType::kStar, ahead)) {
    auto star = std::make_shared<StarExpr>();
    star->pos = item.pos;
    for (size_t i = 0; i < ahead; i += 2) star->qualifier.push_back(Peek(i).text);
    for (size_t i = 0; i <= ahead; ++i) Advance();
    item.expr = std::move(star);
    return item;
  }
  SLUICE_ASSIGN_OR_RETURN(item.expr, ParseExpr());
  if (AcceptKeyword("AS")) {
    SLUICE_ASSIGN_OR_RETURN(Identifier alias, ParseIdentifier("an alias"));
    item.alias = std::move(alias.name);
  } else if (PeekIdentifier()) {
    // An implicit alias must be followed by ',', FROM, ...; otherwise the word is more likely a
    // misspelt keyword (`SELECT a FORM t`), so report it rather than the token after it.
    if (!CanFollowImplicitAlias(1)) return Unexpected("',' or FROM");
    item.alias = Peek().text;
    Advance();
  }
  return item;
}

StatusOr<GroupingElement> SqlParser::ParseGroupingElement(bool nested) {
  DepthGuard guard(this);
  if (guard.exceeded()) return DepthError();
  GroupingElement element;
  element.pos = Peek().pos;
  auto parse_children = [&]() -> absl::Status {
    SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kLeftParen));
    do {
      SLUICE_ASSIGN_OR_RETURN(GroupingElement child, ParseGroupingElement(/*nested=*/true));
      element.children.push_back(std::move(child));
    } while (AcceptToken(TokenType::kComma));
    return ExpectToken(TokenType::kRightParen);
  };
  if (AcceptKeywords({"GROUPING", "SETS"})) {
    element.kind = GroupingElement::Kind::kGroupingSets;
    SLUICE_RETURN_IF_ERROR(parse_children());
    return element;
  }
  if (PeekKeyword("ROLLUP") || PeekKeyword("CUBE")) {
    if (PeekToken(TokenType::kLeftParen, 1)) {
      element.kind =
          PeekKeyword("ROLLUP") ? GroupingElement::Kind::kRollup : GroupingElement::Kind::kCube;
      Advance();
      SLUICE_RETURN_IF_ERROR(parse_children());
      return element;
    }
  }
  if (PeekToken(TokenType::kLeftParen) && PeekToken(TokenType::kRightParen, 1)) {
    Advance();
    Advance();
    element.kind = GroupingElement::Kind::kList;
    return element;
  }
  if (nested && PeekToken(TokenType::kLeftParen) && !PeekQueryStart()) {
    Advance();
    element.kind = GroupingElement::Kind::kList;
    SLUICE_ASSIGN_OR_RETURN(element.list, ParseExprList(TokenType::kRightParen));
    return element;
  }
  SLUICE_ASSIGN_OR_RETURN(ExprPtr expr, ParseExpr());
  if (expr->Is<ConstructorExpr>() && expr->As<ConstructorExpr>().implicit_row) {
    element.kind = GroupingElement::Kind::kList;
    element.list = expr->As<ConstructorExpr>().elements;
  } else {
    element.expr = std::move(expr);
  }
  return element;
}

StatusOr<std::vector<OrderItem>> SqlParser::ParseOrderByList() {
  std::vector<OrderItem> items;
  do {
    OrderItem item;
    item.pos = Peek().pos;
    SLUICE_ASSIGN_OR_RETURN(item.expr, ParseExpr());
    if (AcceptKeyword("DESC")) {
      item.descending = true;
    } else {
      AcceptKeyword("ASC");
    }
    if (AcceptKeyword("NULLS")) {
      if (AcceptKeyword("FIRST")) {
        item.nulls = OrderItem::Nulls::kFirst;
      } else if (AcceptKeyword("LAST")) {
        item.nulls = OrderItem::Nulls::kLast;
      } else {
        return Unexpected("FIRST or LAST");
      }
    }
    items.push_back(std::move(item));
  } while (AcceptToken(TokenType::kComma));
  return items;
}

// VALUES (a, b), (c, d) | VALUES ROW(a, b) | VALUES 1, 2
StatusOr<std::shared_ptr<Query>> SqlParser::ParseValues() {
  auto values = std::make_shared<ValuesQuery>();
  values->pos = Peek().pos;
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("VALUES"));
  do {
    if (PeekKeyword("ROW") && PeekToken(TokenType::kLeftParen, 1)) Advance();
    if (PeekToken(TokenType::kLeftParen) && !PeekQueryStart()) {
      Advance();
      SLUICE_ASSIGN_OR_RETURN(std::vector<ExprPtr> row, ParseExprList(TokenType::kRightParen));
      values->rows.push_back(std::move(row));
    } else {
      SLUICE_ASSIGN_OR_RETURN(ExprPtr value, ParseExpr());
      values->rows.push_back({std::move(value)});
    }
  } while (AcceptToken(TokenType::kComma));
  return values;
}

}  // namespace sluice::sql
