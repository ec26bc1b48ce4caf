// Token helpers, names, WITH options, hints, scripts and the public entry points (parser.h).
#include "sluice/sql/parser.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "sluice/sql/lexer.h"
#include "sluice/sql/sql_parser.h"

namespace sluice::sql {

namespace {
std::string_view Trim(std::string_view text) {
  while (!text.empty() && absl::ascii_isspace(text.front())) text.remove_prefix(1);
  while (!text.empty() && absl::ascii_isspace(text.back())) text.remove_suffix(1);
  return text;
}
}  // namespace

SqlParser::SqlParser(std::string_view sql, TokenizedSql tokenized)
    : sql_(sql), tokenized_(std::move(tokenized)), tokens_(&tokenized_.tokens) {}

// ------------------------------------------------------------------------------------------------
// Tokens

const Token& SqlParser::Peek(size_t ahead) const {
  size_t index = std::min(cursor_ + ahead, tokens_->size() - 1);
  return (*tokens_)[index];
}

const Token& SqlParser::Previous() const { return (*tokens_)[cursor_ == 0 ? 0 : cursor_ - 1]; }

void SqlParser::Advance() {
  if (cursor_ + 1 < tokens_->size()) ++cursor_;
}

bool SqlParser::PeekKeyword(std::string_view keyword, size_t ahead) const {
  const Token& token = Peek(ahead);
  return token.type == TokenType::kIdentifier && token.upper == keyword;
}

bool SqlParser::PeekKeywords(std::initializer_list<std::string_view> keywords) const {
  size_t ahead = 0;
  for (std::string_view keyword : keywords) {
    if (!PeekKeyword(keyword, ahead++)) return false;
  }
  return true;
}

bool SqlParser::AcceptToken(TokenType type) {
  if (!PeekToken(type)) return false;
  Advance();
  return true;
}

bool SqlParser::AcceptKeyword(std::string_view keyword) {
  if (!PeekKeyword(keyword)) return false;
  Advance();
  return true;
}

bool SqlParser::AcceptKeywords(std::initializer_list<std::string_view> keywords) {
  if (!PeekKeywords(keywords)) return false;
  for (size_t i = 0; i < keywords.size(); ++i) Advance();
  return true;
}

namespace {
const char* TokenTypeText(TokenType type) {
  switch (type) {
    case TokenType::kLeftParen:
      return "'('";
    case TokenType::kRightParen:
      return "')'";
    case TokenType::kLeftBracket:
      return "'['";
    case TokenType::kRightBracket:
      return "']'";
    case TokenType::kLeftBrace:
      return "'{'";
    case TokenType::kRightBrace:
      return "'}'";
    case TokenType::kComma:
      return "','";
    case TokenType::kSemicolon:
      return "';'";
    case TokenType::kDot:
      return "'.'";
    case TokenType::kStar:
      return "'*'";
    case TokenType::kPlus:
      return "'+'";
    case TokenType::kMinus:
      return "'-'";
    case TokenType::kSlash:
      return "'/'";
    case TokenType::kPercent:
      return "'%'";
    case TokenType::kEqual:
      return "'='";
    case TokenType::kNotEqual:
      return "'<>'";
    case TokenType::kLess:
      return "'<'";
    case TokenType::kLessEqual:
      return "'<='";
    case TokenType::kGreater:
      return "'>'";
    case TokenType::kGreaterEqual:
      return "'>='";
    case TokenType::kConcat:
      return "'||'";
    case TokenType::kArrow:
      return "'=>'";
    case TokenType::kQuestion:
      return "'?'";
    case TokenType::kColon:
      return "':'";
    case TokenType::kString:
      return "a string literal";
    case TokenType::kBinaryString:
      return "a binary literal";
    case TokenType::kInteger:
      return "an integer";
    case TokenType::kDecimal:
    case TokenType::kApproxNumber:
      return "a number";
    case TokenType::kIdentifier:
    case TokenType::kQuotedIdentifier:
      return "an identifier";
    case TokenType::kEnd:
      return "end of input";
  }
  return "a token";
}
}  // namespace

absl::Status SqlParser::ExpectToken(TokenType type) {
  if (AcceptToken(type)) return absl::OkStatus();
  return Unexpected(TokenTypeText(type));
}

absl::Status SqlParser::ExpectKeyword(std::string_view keyword) {
  if (AcceptKeyword(keyword)) return absl::OkStatus();
  return Unexpected(keyword);
}

absl::Status SqlParser::ExpectKeywords(std::initializer_list<std::string_view> keywords) {
  for (std::string_view keyword : keywords) SLUICE_RETURN_IF_ERROR(ExpectKeyword(keyword));
  return absl::OkStatus();
}

absl::Status SqlParser::ErrorAt(SourcePosition pos, std::string_view message) const {
  return SqlError(sql_, pos, message);
}

absl::Status SqlParser::Unexpected(std::string_view expected) const {
  const Token& token = Peek();
  std::string found;
  if (token.type == TokenType::kEnd) {
    found = tokens_ == &tokenized_.tokens ? "end of input" : "'*/'";
  } else {
    std::string_view raw = sql_.substr(token.offset, token.end - token.offset);
    std::string shown(raw.substr(0, 40));
    if (raw.size() > 40) shown += "...";
    found = token.type == TokenType::kString ? absl::StrCat("string literal ", shown)
                                             : absl::StrCat("'", shown, "'");
  }
  return ErrorAt(token.pos,
                 absl::StrCat("unexpected ", found, ", expected ", std::string(expected)));
}

absl::Status SqlParser::DepthError() const {
  if (depth_ <= kMaxDepth) return ChainError();
  return ErrorAt(Peek().pos,
                 absl::StrCat("statement is nested too deeply (more than ", kMaxDepth, " levels)"));
}

absl::Status SqlParser::ChainError() const {
  return ErrorAt(Peek().pos, absl::StrCat("statement is too deeply nested (more than ",
                                          kMaxTreeDepth, " chained operators and levels)"));
}

std::string SqlParser::TextFrom(size_t first) const {
  if (cursor_ <= first) return "";
  size_t begin = (*tokens_)[first].offset;
  size_t end = (*tokens_)[cursor_ - 1].end;
  return std::string(Trim(sql_.substr(begin, end - begin)));
}

// ------------------------------------------------------------------------------------------------
// Names and small pieces

bool SqlParser::PeekIdentifier(size_t ahead) const {
  const Token& token = Peek(ahead);
  return token.type == TokenType::kQuotedIdentifier ||
         (token.type == TokenType::kIdentifier && !IsReservedWord(token.upper));
}

StatusOr<Identifier> SqlParser::ParseIdentifier(std::string_view expected) {
  if (!PeekIdentifier()) return Unexpected(expected);
  Identifier id{Peek().text, Peek().pos};
  Advance();
  return id;
}

StatusOr<QualifiedName> SqlParser::ParseQualifiedName(std::string_view expected) {
  QualifiedName name;
  name.pos = Peek().pos;
  SLUICE_ASSIGN_OR_RETURN(Identifier first, ParseIdentifier(expected));
  name.parts.push_back(std::move(first.name));
  while (PeekToken(TokenType::kDot) && PeekIdentifier(1)) {
    Advance();
    name.parts.push_back(Peek().text);
    Advance();
  }
  return name;
}

StatusOr<std::vector<Identifier>> SqlParser::ParseIdentifierList() {
  SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kLeftParen));
  std::vector<Identifier> ids;
  do {
    SLUICE_ASSIGN_OR_RETURN(Identifier id, ParseIdentifier("a column name"));
    ids.push_back(std::move(id));
  } while (AcceptToken(TokenType::kComma));
  SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kRightParen));
  return ids;
}

StatusOr<std::string> SqlParser::ParseStringLiteral(std::string_view expected) {
  if (!PeekToken(TokenType::kString)) return Unexpected(expected);
  std::string value = Peek().text;
  Advance();
  return value;
}

StatusOr<std::vector<PropertyOption>> SqlParser::ParsePropertyList() {
  SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kLeftParen));
  std::vector<PropertyOption> options;
  if (AcceptToken(TokenType::kRightParen)) return options;
  do {
    PropertyOption option;
    option.pos = Peek().pos;
    SLUICE_ASSIGN_OR_RETURN(option.key, ParseStringLiteral("a quoted option key like 'connector'"));
    SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kEqual));
    const Token& value = Peek();
    if (value.type == TokenType::kString || value.type == TokenType::kInteger ||
        value.type == TokenType::kDecimal) {
      option.value = value.text;
    } else if (PeekKeyword("TRUE") || PeekKeyword("FALSE")) {
      option.value = absl::AsciiStrToLower(value.text);
    } else {
      return Unexpected("a quoted option value");
    }
    Advance();
    options.push_back(std::move(option));
  } while (AcceptToken(TokenType::kComma));
  SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kRightParen));
  return options;
}

StatusOr<std::vector<Hint>> SqlParser::ParseHintsHere() {
  std::vector<Hint> hints;
  if (tokens_ != &tokenized_.tokens) return hints;
  const std::vector<Token>* saved_tokens = tokens_;
  size_t saved_cursor = cursor_;
  // Hint comments are in text order, so sorted by next_token.
  auto first = std::lower_bound(
      tokenized_.hints.begin(), tokenized_.hints.end(), saved_cursor,
      [](const HintComment& comment, size_t cursor) { return comment.next_token < cursor; });
  for (auto it = first; it != tokenized_.hints.end() && it->next_token == saved_cursor; ++it) {
    const HintComment& comment = *it;
    tokens_ = &comment.tokens;
    cursor_ = 0;
    size_t before = hints.size();
    do {
      if (AtEnd() && hints.size() == before) break;  // `/*+ */`
      SLUICE_ASSIGN_OR_RETURN(Hint hint, ParseHint());
      hints.push_back(std::move(hint));
    } while (AcceptToken(TokenType::kComma));
    if (!AtEnd()) return Unexpected("',' or '*/'");
    tokens_ = saved_tokens;
    cursor_ = saved_cursor;
  }
  return hints;
}

StatusOr<Hint> SqlParser::ParseHint() {
  Hint hint;
  hint.pos = Peek().pos;
  if (!PeekToken(TokenType::kIdentifier)) return Unexpected("a hint name");
  hint.name = Peek().upper;
  Advance();
  if (!AcceptToken(TokenType::kLeftParen)) return hint;
  if (AcceptToken(TokenType::kRightParen)) return hint;
  // Either 'k' = 'v' pairs (OPTIONS, LOOKUP, STATE_TTL) or a list of names (BROADCAST(t1, t2)).
  bool key_values = PeekToken(TokenType::kEqual, 1);
  auto parse_word = [&](std::string* out) -> absl::Status {
    const Token& token = Peek();
    switch (token.type) {
      case TokenType::kString:
      case TokenType::kIdentifier:
      case TokenType::kQuotedIdentifier:
      case TokenType::kInteger:
      case TokenType::kDecimal:
        *out = token.text;
        Advance();
        // Dotted names: db.t
        while (PeekToken(TokenType::kDot) && (PeekToken(TokenType::kIdentifier, 1) ||
                                              PeekToken(TokenType::kQuotedIdentifier, 1))) {
          Advance();
          absl::StrAppend(out, ".", Peek().text);
          Advance();
        }
        return absl::OkStatus();
      default:
        return Unexpected(key_values ? "a quoted hint option" : "a hint argument");
    }
  };
  do {
    if (key_values) {
      PropertyOption option;
      option.pos = Peek().pos;
      SLUICE_RETURN_IF_ERROR(parse_word(&option.key));
      SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kEqual));
      SLUICE_RETURN_IF_ERROR(parse_word(&option.value));
      hint.options.push_back(std::move(option));
    } else {
      std::string arg;
      SLUICE_RETURN_IF_ERROR(parse_word(&arg));
      hint.args.push_back(std::move(arg));
    }
  } while (AcceptToken(TokenType::kComma));
  SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kRightParen));
  return hint;
}

bool SqlParser::CanFollowImplicitAlias(size_t ahead) const {
  const Token& token = Peek(ahead);
  switch (token.type) {
    case TokenType::kEnd:
    case TokenType::kComma:
    case TokenType::kRightParen:
    case TokenType::kSemicolon:
      return true;
    case TokenType::kIdentifier:
      return IsReservedWord(token.upper);
    default:
      return false;
  }
}

// ------------------------------------------------------------------------------------------------
// Scripts

StatusOr<std::vector<StatementPtr>> SqlParser::ParseScript() {
  std::vector<StatementPtr> statements;
  while (true) {
    while (AcceptToken(TokenType::kSemicolon)) {
    }
    if (AtEnd()) break;
    if (PeekKeywords({"BEGIN", "STATEMENT", "SET"})) {
      // SQL-client form: BEGIN STATEMENT SET; INSERT ...; ... END;
      size_t first = cursor_;
      auto set = std::make_shared<StatementSetStatement>();
      set->pos = Peek().pos;
      AcceptKeywords({"BEGIN", "STATEMENT", "SET"});
      if (!AtEnd()) SLUICE_RETURN_IF_ERROR(ExpectToken(TokenType::kSemicolon));
      while (true) {
        while (AcceptToken(TokenType::kSemicolon)) {
        }
        if (AtEnd()) return Unexpected("'END;' closing BEGIN STATEMENT SET");
        if (AcceptKeyword("END")) break;
        SLUICE_ASSIGN_OR_RETURN(StatementPtr statement, ParseStatement());
        if (statement->kind != StatementKind::kInsert) {
          return ErrorAt(statement->pos, "Only INSERT statement is allowed in Statement Set.");
        }
        set->inserts.push_back(std::static_pointer_cast<const InsertStatement>(statement));
        if (!AcceptToken(TokenType::kSemicolon)) return Unexpected("';'");
      }
      set->text = TextFrom(first);
      statements.push_back(std::move(set));
    } else if (PeekKeyword("END") &&
               (PeekToken(TokenType::kSemicolon, 1) || PeekToken(TokenType::kEnd, 1))) {
      return ErrorAt(Peek().pos,
                     "No Statement Set to submit, 'END' statement should be used after 'BEGIN "
                     "STATEMENT SET'.");
    } else {
      SLUICE_ASSIGN_OR_RETURN(StatementPtr statement, ParseStatement());
      statements.push_back(std::move(statement));
    }
    if (!AtEnd() && !AcceptToken(TokenType::kSemicolon)) return Unexpected("';' or end of input");
  }
  return statements;
}

StatusOr<StatementPtr> SqlParser::ParseSingleStatement() {
  SLUICE_ASSIGN_OR_RETURN(std::vector<StatementPtr> statements, ParseScript());
  if (statements.empty()) return ErrorAt(Peek().pos, "empty statement");
  if (statements.size() > 1) {
    return ErrorAt(statements[1]->pos, "expected a single statement, found more after ';'");
  }
  return std::move(statements[0]);
}

StatusOr<ExprPtr> SqlParser::ParseSingleExpression() {
  SLUICE_ASSIGN_OR_RETURN(ExprPtr expr, ParseExpr());
  if (!AtEnd()) return Unexpected("an operator or end of expression");
  return expr;
}

StatusOr<QueryPtr> SqlParser::ParseSingleQuery() {
  if (!PeekQueryStart()) return Unexpected("a query (SELECT, VALUES or WITH)");
  SLUICE_ASSIGN_OR_RETURN(QueryPtr query, ParseQuery());
  AcceptToken(TokenType::kSemicolon);
  if (!AtEnd()) return Unexpected("end of query");
  return query;
}

StatusOr<TypeSpec> SqlParser::ParseSingleType() {
  SLUICE_ASSIGN_OR_RETURN(TypeSpec type, ParseType());
  if (!AtEnd()) return Unexpected("end of type");
  return type;
}

// ------------------------------------------------------------------------------------------------
// Public entry points

StatusOr<std::vector<StatementPtr>> ParseScript(std::string_view sql) {
  SLUICE_ASSIGN_OR_RETURN(TokenizedSql tokenized, Lexer(sql).Tokenize());
  SqlParser parser(sql, std::move(tokenized));
  return parser.ParseScript();
}

StatusOr<StatementPtr> ParseStatement(std::string_view sql) {
  SLUICE_ASSIGN_OR_RETURN(TokenizedSql tokenized, Lexer(sql).Tokenize());
  SqlParser parser(sql, std::move(tokenized));
  return parser.ParseSingleStatement();
}

StatusOr<ExprPtr> ParseExpression(std::string_view sql) {
  SLUICE_ASSIGN_OR_RETURN(TokenizedSql tokenized, Lexer(sql).Tokenize());
  SqlParser parser(sql, std::move(tokenized));
  return parser.ParseSingleExpression();
}

StatusOr<QueryPtr> ParseQuery(std::string_view sql) {
  SLUICE_ASSIGN_OR_RETURN(TokenizedSql tokenized, Lexer(sql).Tokenize());
  SqlParser parser(sql, std::move(tokenized));
  return parser.ParseSingleQuery();
}

StatusOr<TypeSpec> ParseType(std::string_view sql) {
  SLUICE_ASSIGN_OR_RETURN(TokenizedSql tokenized, Lexer(sql).Tokenize());
  SqlParser parser(sql, std::move(tokenized));
  return parser.ParseSingleType();
}

bool IsStatementComplete(std::string_view buffer) {
  StatusOr<TokenizedSql> tokenized = Lexer(buffer).Tokenize();
  if (!tokenized.ok()) {
    // Unterminated strings and comments continue on the next line; any other lexical error is
    // reported as soon as the user ends the statement.
    if (absl::StrContains(tokenized.status().message(), "unterminated")) return false;
    std::string_view trimmed = Trim(buffer);
    return !trimmed.empty() && trimmed.back() == ';';
  }
  const std::vector<Token>& tokens = tokenized->tokens;  // ends with kEnd
  if (tokens.size() < 2 || tokens[tokens.size() - 2].type != TokenType::kSemicolon) return false;
  auto is_word = [&](size_t i, std::string_view word) {
    return i < tokens.size() && tokens[i].type == TokenType::kIdentifier && tokens[i].upper == word;
  };
  bool in_client_set = false;   // BEGIN STATEMENT SET; ... END;
  bool in_execute_set = false;  // [EXECUTE|EXPLAIN] STATEMENT SET BEGIN ...; ...; END;
  size_t begin = 0;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i].type != TokenType::kSemicolon) continue;
    size_t length = i - begin;
    if (length > 0) {
      if (in_client_set || in_execute_set) {
        if (length == 1 && is_word(begin, "END")) in_client_set = in_execute_set = false;
      } else if (length == 3 && is_word(begin, "BEGIN") && is_word(begin + 1, "STATEMENT") &&
                 is_word(begin + 2, "SET")) {
        in_client_set = true;
      } else {
        for (size_t j = begin; j + 2 < i; ++j) {
          if (is_word(j, "STATEMENT") && is_word(j + 1, "SET") && is_word(j + 2, "BEGIN")) {
            in_execute_set = true;
          }
        }
      }
    }
    begin = i + 1;
  }
  return !in_client_set && !in_execute_set;
}

}  // namespace sluice::sql
