// Statements other than CREATE/DROP: queries, INSERT, statement sets, SET/RESET, SHOW, DESCRIBE,
// EXPLAIN, USE, STOP JOB.
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "sluice/sql/sql_parser.h"

namespace sluice::sql {

namespace {
bool AtStatementEnd(const Token& token) {
  return token.type == TokenType::kSemicolon || token.type == TokenType::kEnd;
}
}  // namespace

StatusOr<StatementPtr> SqlParser::ParseStatement() {
  size_t first = cursor_;
  SourcePosition pos = Peek().pos;
  SLUICE_ASSIGN_OR_RETURN(MutableStatement statement, ParseStatementBody());
  statement->pos = pos;
  statement->text = TextFrom(first);
  return statement;
}

StatusOr<SqlParser::MutableStatement> SqlParser::ParseStatementBody() {
  DepthGuard guard(this);
  if (guard.exceeded()) return DepthError();
  SourcePosition pos = Peek().pos;
  if (PeekQueryStart()) {
    auto statement = std::make_shared<QueryStatement>();
    SLUICE_ASSIGN_OR_RETURN(statement->query, ParseQuery());
    return statement;
  }
  if (PeekKeyword("INSERT")) return ParseInsert();
  if (AcceptKeyword("EXECUTE")) {
    if (PeekKeyword("INSERT")) return ParseInsert();
    SLUICE_RETURN_IF_ERROR(ExpectKeywords({"STATEMENT", "SET"}));
    return ParseStatementSetBlock(pos);
  }
  if (AcceptKeywords({"STATEMENT", "SET"})) return ParseStatementSetBlock(pos);
  if (PeekKeyword("CREATE")) return ParseCreate();
  if (PeekKeyword("DROP")) return ParseDrop();
  if (PeekKeyword("SET")) return ParseSet();
  if (PeekKeyword("RESET")) return ParseReset();
  if (PeekKeyword("SHOW")) return ParseShow();
  if (PeekKeyword("DESCRIBE") || PeekKeyword("DESC")) return ParseDescribe();
  if (PeekKeyword("EXPLAIN")) return ParseExplain();
  if (PeekKeyword("USE")) return ParseUse();
  if (PeekKeyword("STOP")) return ParseStopJob();
  return Unexpected("a statement (SELECT, INSERT, CREATE, DROP, SET, SHOW, EXPLAIN, ...)");
}

StatusOr<std::shared_ptr<InsertStatement>> SqlParser::ParseInsert() {
  auto insert = std::make_shared<InsertStatement>();
  insert->pos = Peek().pos;
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("INSERT"));
  if (AcceptKeyword("OVERWRITE")) {
    insert->overwrite = true;
  } else if (!AcceptKeyword("INTO")) {
    return Unexpected("INTO or OVERWRITE");
  }
  SLUICE_ASSIGN_OR_RETURN(insert->table, ParseQualifiedName("a table name"));
  SLUICE_ASSIGN_OR_RETURN(insert->hints, ParseHintsHere());
  if (AcceptKeyword("PARTITION")) {
    SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kLeftParen));
    do {
      SLUICE_ASSIGN_OR_RETURN(Identifier column, ParseIdentifier("a partition column"));
      SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kEqual));
      SLUICE_ASSIGN_OR_RETURN(ExprPtr value, ParseExpr());
      insert->partition.emplace_back(std::move(column), std::move(value));
    } while (AcceptToken(TokenType::kComma));
    SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kRightParen));
  }
  if (PeekToken(TokenType::kLeftParen) && !PeekQueryStart()) {
    SLUICE_ASSIGN_OR_RETURN(insert->columns, ParseIdentifierList());
  }
  if (!PeekQueryStart()) return Unexpected("a query (SELECT, VALUES or WITH)");
  SLUICE_ASSIGN_OR_RETURN(insert->query, ParseQuery());
  return insert;
}

// After [EXECUTE] STATEMENT SET: BEGIN insert; insert; ... END
StatusOr<SqlParser::MutableStatement> SqlParser::ParseStatementSetBlock(SourcePosition pos) {
  auto set = std::make_shared<StatementSetStatement>();
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("BEGIN"));
  while (true) {
    while (AcceptToken(TokenType::kSemicolon)) {
    }
    if (AcceptKeyword("END")) break;
    if (AtEnd()) return Unexpected("END closing the statement set");
    SLUICE_ASSIGN_OR_RETURN(StatementPtr statement, ParseStatement());
    if (statement->kind != StatementKind::kInsert) {
      return ErrorAt(statement->pos, "Only INSERT statement is allowed in Statement Set.");
    }
    set->inserts.push_back(std::static_pointer_cast<const InsertStatement>(statement));
    if (!AcceptToken(TokenType::kSemicolon)) return Unexpected("';'");
  }
  return set;
}

std::string SqlParser::RawTextToStatementEnd() {
  size_t first = cursor_;
  while (!AtStatementEnd(Peek())) Advance();
  return TextFrom(first);
}

// SET; SET 'k' = 'v'; SET k = v; SET k=v (unquoted keys may contain '-' and '.').
StatusOr<SqlParser::MutableStatement> SqlParser::ParseSet() {
  auto set = std::make_shared<SetStatement>();
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("SET"));
  if (AtStatementEnd(Peek())) return set;
  if (PeekToken(TokenType::kString)) {
    set->key = Peek().text;
    Advance();
  } else {
    size_t first = cursor_;
    while (!AtStatementEnd(Peek()) && !PeekToken(TokenType::kEqual)) Advance();
    set->key = TextFrom(first);
    if (set->key.empty()) return Unexpected("a quoted key like 'table.exec.state.ttl'");
  }
  SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kEqual));
  if (PeekToken(TokenType::kString) && AtStatementEnd(Peek(1))) {
    set->value = Peek().text;
    Advance();
  } else {
    set->value = RawTextToStatementEnd();
    if (set->value.empty()) return Unexpected("a quoted value");
  }
  return set;
}

StatusOr<SqlParser::MutableStatement> SqlParser::ParseReset() {
  auto reset = std::make_shared<ResetStatement>();
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("RESET"));
  if (PeekToken(TokenType::kString) && AtStatementEnd(Peek(1))) {
    reset->key = Peek().text;
    Advance();
  } else {
    reset->key = RawTextToStatementEnd();
  }
  return reset;
}

StatusOr<SqlParser::MutableStatement> SqlParser::ParseShow() {
  auto show = std::make_shared<ShowStatement>();
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("SHOW"));
  bool listing = false;  // accepts FROM db and LIKE 'pattern'
  if (AcceptKeyword("TABLES")) {
    show->what = ShowKind::kTables;
    listing = true;
  } else if (AcceptKeyword("VIEWS")) {
    show->what = ShowKind::kViews;
    listing = true;
  } else if (AcceptKeyword("FUNCTIONS")) {
    show->what = ShowKind::kFunctions;
    listing = true;
  } else if (AcceptKeywords({"USER", "FUNCTIONS"})) {
    show->what = ShowKind::kUserFunctions;
    listing = true;
  } else if (AcceptKeyword("JOBS")) {
    show->what = ShowKind::kJobs;
  } else if (AcceptKeyword("CATALOGS")) {
    show->what = ShowKind::kCatalogs;
  } else if (AcceptKeyword("DATABASES")) {
    show->what = ShowKind::kDatabases;
    listing = true;
  } else if (AcceptKeyword("MODULES") || AcceptKeywords({"FULL", "MODULES"})) {
    show->what = ShowKind::kModules;
  } else if (AcceptKeywords({"CURRENT", "CATALOG"})) {
    show->what = ShowKind::kCurrentCatalog;
  } else if (AcceptKeywords({"CURRENT", "DATABASE"})) {
    show->what = ShowKind::kCurrentDatabase;
  } else if (AcceptKeywords({"CREATE", "TABLE"})) {
    show->what = ShowKind::kCreateTable;
    SLUICE_ASSIGN_OR_RETURN(show->name, ParseQualifiedName("a table name"));
  } else if (AcceptKeywords({"CREATE", "VIEW"})) {
    show->what = ShowKind::kCreateView;
    SLUICE_ASSIGN_OR_RETURN(show->name, ParseQualifiedName("a view name"));
  } else if (AcceptKeyword("COLUMNS")) {
    show->what = ShowKind::kColumns;
    if (!AcceptKeyword("FROM") && !AcceptKeyword("IN")) return Unexpected("FROM or IN");
    SLUICE_ASSIGN_OR_RETURN(show->name, ParseQualifiedName("a table name"));
    listing = true;
  } else {
    return Unexpected("TABLES, VIEWS, FUNCTIONS, JOBS, CATALOGS, DATABASES or CREATE TABLE");
  }
  if (listing) {
    if (show->what != ShowKind::kColumns && (AcceptKeyword("FROM") || AcceptKeyword("IN"))) {
      SLUICE_ASSIGN_OR_RETURN(show->name, ParseQualifiedName("a database name"));
    }
    if (AcceptKeywords({"NOT", "LIKE"})) {
      show->not_like = true;
      SLUICE_ASSIGN_OR_RETURN(show->like_pattern, ParseStringLiteral());
    } else if (AcceptKeyword("LIKE")) {
      SLUICE_ASSIGN_OR_RETURN(show->like_pattern, ParseStringLiteral());
    }
  }
  return show;
}

StatusOr<SqlParser::MutableStatement> SqlParser::ParseDescribe() {
  auto describe = std::make_shared<DescribeStatement>();
  Advance();  // DESCRIBE | DESC
  describe->extended = AcceptKeyword("EXTENDED");
  SLUICE_ASSIGN_OR_RETURN(describe->name, ParseQualifiedName("a table name"));
  return describe;
}

// EXPLAIN [PLAN FOR | detail, ...] <query | INSERT | statement set>
StatusOr<SqlParser::MutableStatement> SqlParser::ParseExplain() {
  auto explain = std::make_shared<ExplainStatement>();
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("EXPLAIN"));
  if (!AcceptKeywords({"PLAN", "FOR"})) {
    static constexpr std::string_view kDetails[] = {"ESTIMATED_COST", "CHANGELOG_MODE",
                                                    "JSON_EXECUTION_PLAN", "PLAN_ADVICE"};
    bool more = true;
    while (more) {
      more = false;
      for (std::string_view detail : kDetails) {
        if (AcceptKeyword(detail)) {
          explain->details.emplace_back(detail);
          if (!AcceptToken(TokenType::kComma)) break;
          more = true;
          break;
        }
      }
    }
  }
  SLUICE_ASSIGN_OR_RETURN(explain->statement, ParseStatement());
  switch (explain->statement->kind) {
    case StatementKind::kQuery:
    case StatementKind::kInsert:
    case StatementKind::kStatementSet:
      break;
    default:
      return ErrorAt(explain->statement->pos,
                     "EXPLAIN supports only queries, INSERT and STATEMENT SET");
  }
  return explain;
}

StatusOr<SqlParser::MutableStatement> SqlParser::ParseUse() {
  auto use = std::make_shared<UseStatement>();
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("USE"));
  if (PeekKeyword("CATALOG") && PeekIdentifier(1)) {
    Advance();
    use->catalog = true;
  }
  SLUICE_ASSIGN_OR_RETURN(use->name,
                          ParseQualifiedName(use->catalog ? "a catalog name" : "a database name"));
  return use;
}

// STOP JOB 'id' [WITH SAVEPOINT] [WITH DRAIN]
StatusOr<SqlParser::MutableStatement> SqlParser::ParseStopJob() {
  auto stop = std::make_shared<StopJobStatement>();
  SLUICE_RETURN_IF_ERROR(ExpectKeywords({"STOP", "JOB"}));
  SLUICE_ASSIGN_OR_RETURN(stop->job_id, ParseStringLiteral("a quoted job id"));
  while (AcceptKeyword("WITH")) {
    if (AcceptKeyword("SAVEPOINT")) {
      stop->with_savepoint = true;
    } else if (AcceptKeyword("DRAIN")) {
      stop->with_drain = true;
    } else {
      return Unexpected("SAVEPOINT or DRAIN");
    }
  }
  return stop;
}

}  // namespace sluice::sql
