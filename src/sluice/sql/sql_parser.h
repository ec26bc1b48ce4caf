// The recursive-descent parser behind parser.h. Internal to the sql layer: use the functions in
// parser.h. One instance parses one text; methods are split by topic over parser.cc (tokens,
// names, options, hints, scripts), parser_statement.cc, parser_ddl.cc, parser_query.cc,
// parser_table_ref.cc, parser_expression.cc, parser_literal.cc, parser_special_function.cc,
// parser_window.cc and parser_type.cc.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/sql/ast.h"
#include "sluice/sql/lexer.h"

namespace sluice::sql {

class SqlParser {
 public:
  SqlParser(std::string_view sql, TokenizedSql tokenized);
  SqlParser(const SqlParser&) = delete;  // tokens_ points into tokenized_
  SqlParser& operator=(const SqlParser&) = delete;

  StatusOr<std::vector<StatementPtr>> ParseScript();
  StatusOr<StatementPtr> ParseSingleStatement();
  StatusOr<ExprPtr> ParseSingleExpression();
  StatusOr<QueryPtr> ParseSingleQuery();
  StatusOr<TypeSpec> ParseSingleType();

  /// Deepest nesting of expressions, queries, table refs and types accepted before an error.
  static constexpr int kMaxDepth = 500;

 private:
  // Expression precedence levels, loosest first.
  enum Precedence {
    kPrecOr = 1,
    kPrecAnd,
    kPrecNot,
    kPrecComparison,  // = <> < IS IN BETWEEN LIKE SIMILAR
    kPrecAdditive,    // + - ||
    kPrecMultiplicative,
    kPrecUnary,
  };

  /// Bound on the depth of the tree, which also grows with left-deep chains (a + b + c ...,
  /// a UNION b UNION c, a, b, c joins, x[1][2]): later passes recurse over it.
  static constexpr int kMaxTreeDepth = 3000;

  // Counts nesting; exceeding kMaxDepth makes the parse fail instead of overflowing the stack.
  class DepthGuard {
   public:
    explicit DepthGuard(SqlParser* parser) : parser_(parser) {
      ++parser_->depth_;
      ++parser_->tree_depth_;
    }
    ~DepthGuard() {
      --parser_->depth_;
      --parser_->tree_depth_;
    }
    bool exceeded() const {
      return parser_->depth_ > kMaxDepth || parser_->tree_depth_ > kMaxTreeDepth;
    }

   private:
    SqlParser* parser_;
  };

  // Counts the links of a left-deep chain built by one loop; Step() is false past the limit.
  class ChainGuard {
   public:
    explicit ChainGuard(SqlParser* parser) : parser_(parser) {}
    ~ChainGuard() { parser_->tree_depth_ -= links_; }
    bool Step() {
      ++links_;
      return ++parser_->tree_depth_ <= kMaxTreeDepth;
    }

   private:
    SqlParser* parser_;
    int links_ = 0;
  };

  // --- tokens (parser.cc)
  const Token& Peek(size_t ahead = 0) const;
  const Token& Previous() const;
  void Advance();
  bool AtEnd() const { return Peek().type == TokenType::kEnd; }
  bool PeekToken(TokenType type, size_t ahead = 0) const { return Peek(ahead).type == type; }
  bool PeekKeyword(std::string_view keyword, size_t ahead = 0) const;
  bool PeekKeywords(std::initializer_list<std::string_view> keywords) const;
  bool AcceptToken(TokenType type);
  bool AcceptKeyword(std::string_view keyword);
  bool AcceptKeywords(std::initializer_list<std::string_view> keywords);  // all, in sequence
  absl::Status ExpectToken(TokenType type);
  absl::Status ExpectKeyword(std::string_view keyword);
  absl::Status ExpectKeywords(std::initializer_list<std::string_view> keywords);
  absl::Status ErrorAt(SourcePosition pos, std::string_view message) const;
  /// "unexpected 'X', expected <expected>" at the current token.
  absl::Status Unexpected(std::string_view expected) const;
  absl::Status DepthError() const;
  absl::Status ChainError() const;  // a left-deep chain made the tree too deep
  /// The source text from token `first` to the end of the last consumed token, trimmed.
  std::string TextFrom(size_t first) const;
  size_t cursor() const { return cursor_; }

  // --- names and small pieces (parser.cc)
  /// Unquoted non-reserved word or back-quoted identifier at `ahead`.
  bool PeekIdentifier(size_t ahead = 0) const;
  StatusOr<Identifier> ParseIdentifier(std::string_view expected = "an identifier");
  StatusOr<QualifiedName> ParseQualifiedName(std::string_view expected = "a name");
  StatusOr<std::vector<Identifier>> ParseIdentifierList();  // ( a, b, ... )
  StatusOr<std::string> ParseStringLiteral(std::string_view expected = "a string literal");
  StatusOr<std::vector<PropertyOption>> ParsePropertyList();  // ( 'k' = 'v', ... )
  /// Hint comments sitting right before the current token, parsed; empty if none.
  StatusOr<std::vector<Hint>> ParseHintsHere();
  StatusOr<Hint> ParseHint();
  /// True if the current token may follow an implicit (AS-less) alias.
  bool CanFollowImplicitAlias(size_t ahead = 0) const;

  // --- statements (parser_statement.cc, parser_ddl.cc)
  using MutableStatement = std::shared_ptr<Statement>;
  /// A statement with its pos and text set, not including the ';'.
  StatusOr<StatementPtr> ParseStatement();
  StatusOr<MutableStatement> ParseStatementBody();
  StatusOr<std::shared_ptr<InsertStatement>> ParseInsert();
  StatusOr<MutableStatement> ParseStatementSetBlock(SourcePosition pos);  // after STATEMENT SET
  StatusOr<MutableStatement> ParseSet();
  StatusOr<MutableStatement> ParseReset();
  StatusOr<MutableStatement> ParseShow();
  StatusOr<MutableStatement> ParseDescribe();
  StatusOr<MutableStatement> ParseExplain();
  StatusOr<MutableStatement> ParseUse();
  StatusOr<MutableStatement> ParseStopJob();
  StatusOr<MutableStatement> ParseCreate();
  StatusOr<MutableStatement> ParseDrop();
  StatusOr<MutableStatement> ParseCreateTable(SourcePosition pos, bool or_replace, bool temporary);
  absl::Status ParseTableElement(CreateTableStatement* create);
  StatusOr<ColumnDef> ParseColumnDef();
  absl::Status ParsePrimaryKeyTail(SourcePosition primary_pos);  // NOT ENFORCED
  StatusOr<LikeClause> ParseLikeClause();
  StatusOr<MutableStatement> ParseCreateView(SourcePosition pos, bool temporary);
  StatusOr<MutableStatement> ParseCreateFunction(SourcePosition pos, bool temporary, bool system);
  StatusOr<MutableStatement> ParseCreateDatabase(SourcePosition pos);
  StatusOr<MutableStatement> ParseCreateCatalog(SourcePosition pos);
  /// Raw source text of the tokens up to the end of the statement (for unquoted SET values).
  std::string RawTextToStatementEnd();

  // --- queries (parser_query.cc)
  bool PeekQueryStart(size_t ahead = 0) const;  // SELECT, WITH, VALUES, or ( leading to one
  StatusOr<QueryPtr> ParseQuery();
  /// '(' query ')': the query's ORDER BY/LIMIT stay inside the parentheses.
  StatusOr<QueryPtr> ParseParenthesizedQuery();
  StatusOr<std::shared_ptr<Query>> ParseQueryNode();
  StatusOr<std::shared_ptr<Query>> ParseSetOperation(int level);
  StatusOr<std::shared_ptr<Query>> ParseQueryPrimary();
  StatusOr<std::shared_ptr<Query>> ParseSelect();
  StatusOr<std::shared_ptr<Query>> ParseValues();
  StatusOr<SelectItem> ParseSelectItem();
  StatusOr<GroupingElement> ParseGroupingElement(bool nested);
  StatusOr<std::vector<OrderItem>> ParseOrderByList();

  // --- table references (parser_table_ref.cc)
  StatusOr<TableRefPtr> ParseFromList();
  StatusOr<TableRefPtr> ParseTablePrimary();
  StatusOr<std::shared_ptr<TableRef>> ParseTablePrimaryBody();
  StatusOr<std::shared_ptr<TableRef>> ParseTableFunction(bool lateral);
  StatusOr<TableFunctionArg> ParseTableFunctionArg();
  absl::Status ParseTableAlias(TableRef* ref, bool required);

  // --- expressions (parser_expression.cc, parser_special_function.cc)
  StatusOr<ExprPtr> ParseExpr();
  StatusOr<ExprPtr> ParseBinary(int min_precedence);
  /// Continues a binary expression whose first operand has been parsed.
  StatusOr<ExprPtr> ParseBinaryRest(ExprPtr left, int min_precedence);
  /// After '(': either exactly a query then ')' (sets *query) or expressions then ')' (*list).
  absl::Status ParseParenthesizedContent(QueryPtr* query, std::vector<ExprPtr>* list);
  StatusOr<ExprPtr> ParseUnary();
  StatusOr<ExprPtr> ParsePostfix(ExprPtr base);
  StatusOr<ExprPtr> ParsePrimary();
  StatusOr<ExprPtr> ParseComparisonTail(ExprPtr left);  // IS, IN, BETWEEN, LIKE after `left`
  StatusOr<ExprPtr> ParseNumber();
  StatusOr<ExprPtr> ParseTypedLiteral(LiteralKind kind);
  StatusOr<ExprPtr> ParseInterval();
  StatusOr<ExprPtr> ParseParenthesized();
  StatusOr<ExprPtr> ParseIdentifierExpr();
  StatusOr<ExprPtr> ParseFunctionCall(std::vector<std::string> name, SourcePosition pos);
  StatusOr<ExprPtr> ParseFunctionSuffix(std::shared_ptr<FunctionCallExpr> call);  // FILTER/OVER
  StatusOr<std::vector<ExprPtr>> ParseExprList(TokenType close);                  // a, b, ... close
  StatusOr<ExprPtr> ParseCase();
  StatusOr<ExprPtr> ParseCast(bool try_cast);
  StatusOr<ExprPtr> ParseSpecialFunction(const std::string& upper, SourcePosition pos,
                                         bool* handled);
  StatusOr<WindowSpec> ParseWindowSpec();  // ( ... )
  StatusOr<WindowFrame> ParseWindowFrame();
  StatusOr<FrameBound> ParseFrameBound();
  /// The time unit named by the current token (YEAR, MINUTES, ...), if any.
  std::optional<TimeUnit> PeekTimeUnit(bool allow_plural) const;

  // --- types (parser_type.cc)
  StatusOr<TypeSpec> ParseType();
  StatusOr<TypeSpec> ParseTypeBody();
  StatusOr<std::vector<int>> ParseTypeParams(size_t max_params);
  StatusOr<TypeSpec> ParseRowType(SourcePosition pos);

  std::string_view sql_;
  TokenizedSql tokenized_;
  const std::vector<Token>* tokens_;  // tokenized_.tokens, or a hint's tokens while parsing it
  size_t cursor_ = 0;
  int depth_ = 0;
  int tree_depth_ = 0;
};

}  // namespace sluice::sql
