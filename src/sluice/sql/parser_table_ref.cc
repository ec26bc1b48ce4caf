// FROM clause: named tables with hints and FOR SYSTEM_TIME AS OF, subqueries, joins, table
// functions (window TVFs, LATERAL TABLE) and UNNEST.
#include "absl/strings/str_cat.h"
#include "sluice/sql/sql_parser.h"

namespace sluice::sql {

// table-ref { , table-ref | [join-type] JOIN table-ref [ON cond | USING (cols)] }*
// Comma and JOIN associate left to right at the same level, as in Calcite.
StatusOr<TableRefPtr> SqlParser::ParseFromList() {
  SLUICE_ASSIGN_OR_RETURN(TableRefPtr left, ParseTablePrimary());
  ChainGuard chain(this);
  while (true) {
    if (!chain.Step()) return ChainError();
    JoinType type;
    if (PeekToken(TokenType::kComma)) {
      type = JoinType::kComma;
      Advance();
    } else if (AcceptKeywords({"CROSS", "JOIN"})) {
      type = JoinType::kCross;
    } else if (AcceptKeyword("JOIN") || AcceptKeywords({"INNER", "JOIN"})) {
      type = JoinType::kInner;
    } else if (PeekKeyword("LEFT") || PeekKeyword("RIGHT") || PeekKeyword("FULL")) {
      type = PeekKeyword("LEFT")    ? JoinType::kLeft
             : PeekKeyword("RIGHT") ? JoinType::kRight
                                    : JoinType::kFull;
      Advance();
      AcceptKeyword("OUTER");
      SLUICE_RETURN_IF_ERROR(ExpectKeyword("JOIN"));
    } else if (PeekKeyword("NATURAL")) {
      return ErrorAt(Peek().pos, "NATURAL JOIN is not supported; use JOIN ... USING (...)");
    } else if (PeekKeyword("CROSS") || PeekKeyword("INNER")) {
      Advance();
      return Unexpected("JOIN");
    } else {
      return left;
    }
    auto join = std::make_shared<JoinTableRef>();
    join->pos = left->pos;
    join->join_type = type;
    join->left = std::move(left);
    SLUICE_ASSIGN_OR_RETURN(join->right, ParseTablePrimary());
    if (type != JoinType::kComma && type != JoinType::kCross) {
      if (AcceptKeyword("ON")) {
        SLUICE_ASSIGN_OR_RETURN(join->condition, ParseExpr());
      } else if (AcceptKeyword("USING")) {
        SLUICE_ASSIGN_OR_RETURN(join->using_columns, ParseIdentifierList());
      } else {
        return Unexpected("ON or USING");
      }
    }
    left = std::move(join);
  }
}

StatusOr<TableRefPtr> SqlParser::ParseTablePrimary() {
  DepthGuard guard(this);
  if (guard.exceeded()) return DepthError();
  SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<TableRef> ref, ParseTablePrimaryBody());
  return ref;
}

StatusOr<std::shared_ptr<TableRef>> SqlParser::ParseTablePrimaryBody() {
  SourcePosition pos = Peek().pos;
  if (AcceptKeyword("LATERAL")) {
    if (PeekKeyword("TABLE")) {
      SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<TableRef> ref, ParseTableFunction(true));
      ref->pos = pos;
      return ref;
    }
    if (!PeekQueryStart()) return Unexpected("TABLE or a subquery after LATERAL");
    auto subquery = std::make_shared<SubqueryTableRef>();
    subquery->pos = pos;
    subquery->lateral = true;
    SLUICE_ASSIGN_OR_RETURN(subquery->query, ParseParenthesizedQuery());
    SLUICE_RETURN_IF_ERROR(ParseTableAlias(subquery.get(), false));
    return subquery;
  }
  if (PeekKeyword("TABLE")) return ParseTableFunction(false);
  if (PeekKeyword("UNNEST")) {
    auto unnest = std::make_shared<UnnestTableRef>();
    unnest->pos = pos;
    Advance();
    SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kLeftParen));
    SLUICE_ASSIGN_OR_RETURN(unnest->args, ParseExprList(TokenType::kRightParen));
    if (unnest->args.empty()) return ErrorAt(pos, "UNNEST needs at least one argument");
    unnest->with_ordinality = AcceptKeywords({"WITH", "ORDINALITY"});
    SLUICE_RETURN_IF_ERROR(ParseTableAlias(unnest.get(), false));
    return unnest;
  }
  if (PeekToken(TokenType::kLeftParen)) {
    if (PeekQueryStart()) {
      auto subquery = std::make_shared<SubqueryTableRef>();
      subquery->pos = pos;
      SLUICE_ASSIGN_OR_RETURN(subquery->query, ParseParenthesizedQuery());
      SLUICE_RETURN_IF_ERROR(ParseTableAlias(subquery.get(), false));
      return subquery;
    }
    // A parenthesized join: (a JOIN b ON ...). Its nodes are already built; it has no alias.
    Advance();
    SLUICE_ASSIGN_OR_RETURN(TableRefPtr inner, ParseFromList());
    SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kRightParen));
    return std::const_pointer_cast<TableRef>(inner);
  }
  auto named = std::make_shared<NamedTableRef>();
  named->pos = pos;
  SLUICE_ASSIGN_OR_RETURN(named->name, ParseQualifiedName("a table name, subquery or TABLE(...)"));
  SLUICE_ASSIGN_OR_RETURN(named->hints, ParseHintsHere());
  if (AcceptKeyword("FOR")) {
    SLUICE_RETURN_IF_ERROR(ExpectKeywords({"SYSTEM_TIME", "AS", "OF"}));
    SLUICE_ASSIGN_OR_RETURN(named->system_time, ParseExpr());
  }
  SLUICE_RETURN_IF_ERROR(ParseTableAlias(named.get(), false));
  return named;
}

// [AS] alias [(c1, c2, ...)]
absl::Status SqlParser::ParseTableAlias(TableRef* ref, bool required) {
  for (std::string_view unsupported : {"MATCH_RECOGNIZE", "TABLESAMPLE"}) {
    if (PeekKeyword(unsupported) && PeekToken(TokenType::kLeftParen, 1)) {
      return ErrorAt(Peek().pos, absl::StrCat(std::string(unsupported), " is not supported"));
    }
  }
  if (AcceptKeyword("AS")) {
    SLUICE_ASSIGN_OR_RETURN(Identifier alias, ParseIdentifier("an alias"));
    ref->alias = std::move(alias.name);
  } else if (PeekIdentifier()) {
    // As for select items: a word that can't be an alias is reported where it stands.
    if (!CanFollowImplicitAlias(1) && !PeekToken(TokenType::kLeftParen, 1)) {
      return Unexpected("an alias, ',', JOIN, ON, WHERE, GROUP BY or end of query");
    }
    ref->alias = Peek().text;
    Advance();
  } else if (required) {
    return Unexpected("an alias");
  } else {
    return absl::OkStatus();
  }
  if (PeekToken(TokenType::kLeftParen)) {
    SLUICE_ASSIGN_OR_RETURN(ref->column_aliases, ParseIdentifierList());
  }
  return absl::OkStatus();
}

// TABLE(f(arg, ...)) [AS alias [(cols)]]; LATERAL has been consumed by the caller.
StatusOr<std::shared_ptr<TableRef>> SqlParser::ParseTableFunction(bool lateral) {
  auto function = std::make_shared<TableFunctionTableRef>();
  function->pos = Peek().pos;
  function->lateral = lateral;
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("TABLE"));
  SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kLeftParen));
  SLUICE_ASSIGN_OR_RETURN(function->function, ParseQualifiedName("a table function name"));
  SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kLeftParen));
  if (!AcceptToken(TokenType::kRightParen)) {
    do {
      SLUICE_ASSIGN_OR_RETURN(TableFunctionArg arg, ParseTableFunctionArg());
      function->args.push_back(std::move(arg));
    } while (AcceptToken(TokenType::kComma));
    SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kRightParen));
  }
  SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kRightParen));
  SLUICE_RETURN_IF_ERROR(ParseTableAlias(function.get(), false));
  return function;
}

// [name =>] { TABLE t [PARTITION BY ..] [ORDER BY ..] | (query) | DESCRIPTOR(c, ..) | expr }
StatusOr<TableFunctionArg> SqlParser::ParseTableFunctionArg() {
  TableFunctionArg arg;
  arg.pos = Peek().pos;
  if ((PeekToken(TokenType::kIdentifier) || PeekToken(TokenType::kQuotedIdentifier)) &&
      PeekToken(TokenType::kArrow, 1)) {
    arg.name = PeekToken(TokenType::kIdentifier) ? Peek().upper : Peek().text;
    Advance();
    Advance();
  }
  if (PeekKeyword("TABLE") || PeekQueryStart()) {
    arg.kind = TableFunctionArg::Kind::kTable;
    SourcePosition table_pos = Peek().pos;
    AcceptKeyword("TABLE");
    if (PeekQueryStart()) {
      auto subquery = std::make_shared<SubqueryTableRef>();
      subquery->pos = table_pos;
      SLUICE_ASSIGN_OR_RETURN(subquery->query, ParseParenthesizedQuery());
      arg.table = std::move(subquery);
    } else {
      auto named = std::make_shared<NamedTableRef>();
      named->pos = Peek().pos;
      SLUICE_ASSIGN_OR_RETURN(named->name, ParseQualifiedName("a table name"));
      arg.table = std::move(named);
    }
    if (AcceptKeywords({"PARTITION", "BY"})) {
      // PARTITION BY k | PARTITION BY (k1, k2) | PARTITION BY k1, k2: in the last form the keys
      // run until the DESCRIPTOR(...) or named argument that follows the table in window TVFs.
      while (true) {
        SLUICE_ASSIGN_OR_RETURN(ExprPtr key, ParseExpr());
        if (key->Is<ConstructorExpr>() && key->As<ConstructorExpr>().implicit_row) {
          for (const ExprPtr& element : key->As<ConstructorExpr>().elements) {
            arg.partition_by.push_back(element);
          }
        } else {
          arg.partition_by.push_back(std::move(key));
        }
        bool more_keys = PeekToken(TokenType::kComma) && !PeekKeyword("DESCRIPTOR", 1) &&
                         !PeekKeyword("TABLE", 1) && !PeekToken(TokenType::kArrow, 2);
        if (!more_keys) break;
        Advance();
      }
    }
    if (AcceptKeywords({"ORDER", "BY"})) {
      SLUICE_ASSIGN_OR_RETURN(arg.order_by, ParseOrderByList());
    }
    return arg;
  }
  if (PeekKeyword("DESCRIPTOR") && PeekToken(TokenType::kLeftParen, 1)) {
    arg.kind = TableFunctionArg::Kind::kDescriptor;
    Advance();
    SLUICE_ASSIGN_OR_RETURN(arg.descriptor, ParseIdentifierList());
    return arg;
  }
  arg.kind = TableFunctionArg::Kind::kExpression;
  SLUICE_ASSIGN_OR_RETURN(arg.expr, ParseExpr());
  return arg;
}

}  // namespace sluice::sql
