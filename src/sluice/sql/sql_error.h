// Positions in SQL text and the error format every SQL-facing layer uses (parser and binder):
//
//   line 1:10: unexpected 'FORM', expected ',' or FROM
//   SELECT a FORM t
//            ^
#pragma once

#include <string>
#include <string_view>

#include "sluice/common/status.h"

namespace sluice::sql {

/// A 1-based line and column in the original SQL text. Columns count bytes; a tab counts as one
/// column (the excerpt keeps the tab so the caret still lines up in a terminal).
struct SourcePosition {
  int line = 1;
  int column = 1;

  friend bool operator==(const SourcePosition&, const SourcePosition&) = default;
};

/// Renders "line L:C: message", the offending source line, and a caret under the column.
std::string FormatSqlError(std::string_view sql, SourcePosition pos, std::string_view message);

/// InvalidArgument status whose message is FormatSqlError(sql, pos, message).
absl::Status SqlError(std::string_view sql, SourcePosition pos, std::string_view message);

/// The position of byte `offset` within `sql` (offset may equal sql.size(): end of input).
SourcePosition PositionAt(std::string_view sql, size_t offset);

/// The byte offset of `pos` within `sql` (clamped to sql.size()); inverse of PositionAt.
size_t OffsetOf(std::string_view sql, SourcePosition pos);

}  // namespace sluice::sql
