// Entry points of the Flink SQL parser: text in, AST (ast.h) out, or an InvalidArgument status
// whose message is FormatSqlError(...) ("line L:C: message" + source line + caret).
#pragma once

#include <string_view>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/sql/ast.h"

namespace sluice::sql {

/// Parses a script of ';'-separated statements (the last ';' is optional). The SQL-client form
/// `BEGIN STATEMENT SET; INSERT ...; END;` is folded into one StatementSetStatement.
/// Positions are relative to the whole script.
StatusOr<std::vector<StatementPtr>> ParseScript(std::string_view sql);

/// Parses exactly one statement (a trailing ';' is allowed).
StatusOr<StatementPtr> ParseStatement(std::string_view sql);

/// Parses a standalone query (SELECT, VALUES, WITH, set operations), e.g. a stored view.
StatusOr<QueryPtr> ParseQuery(std::string_view sql);

/// Parses a standalone expression, e.g. a computed column or watermark stored as text.
StatusOr<ExprPtr> ParseExpression(std::string_view sql);

/// Parses a standalone data type, e.g. "DECIMAL(10, 2) NOT NULL".
StatusOr<TypeSpec> ParseType(std::string_view sql);

/// For the interactive client: true when `buffer` ends with ';' outside strings and comments
/// (ignoring trailing whitespace and comments), except inside an unfinished
/// `BEGIN STATEMENT SET;` block, which is complete only after its `END;`.
bool IsStatementComplete(std::string_view buffer);

}  // namespace sluice::sql
