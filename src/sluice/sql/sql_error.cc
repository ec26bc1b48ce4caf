#include "sluice/sql/sql_error.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace sluice::sql {

SourcePosition PositionAt(std::string_view sql, size_t offset) {
  offset = std::min(offset, sql.size());
  SourcePosition pos;
  for (size_t i = 0; i < offset; ++i) {
    if (sql[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      ++pos.column;
    }
  }
  return pos;
}

size_t OffsetOf(std::string_view sql, SourcePosition pos) {
  size_t offset = 0;
  for (int line = 1; line < pos.line && offset < sql.size(); ++offset) {
    if (sql[offset] == '\n') ++line;
  }
  return std::min(sql.size(), offset + static_cast<size_t>(std::max(pos.column, 1) - 1));
}

std::string FormatSqlError(std::string_view sql, SourcePosition pos, std::string_view message) {
  std::string out = absl::StrCat("line ", pos.line, ":", pos.column, ": ", std::string(message));
  // Find the offending line; a position past the last line shows no excerpt.
  size_t begin = 0;
  for (int line = 1; line < pos.line; ++line) {
    size_t newline = sql.find('\n', begin);
    if (newline == std::string_view::npos) return out;
    begin = newline + 1;
  }
  size_t end = sql.find('\n', begin);
  if (end == std::string_view::npos) end = sql.size();
  std::string_view line = sql.substr(begin, end - begin);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  absl::StrAppend(&out, "\n", std::string(line), "\n");
  // Keep tabs in the caret line so the caret lines up under the offending character.
  size_t caret_column = static_cast<size_t>(std::max(pos.column, 1) - 1);
  for (size_t i = 0; i < caret_column; ++i)
    out.push_back(i < line.size() && line[i] == '\t' ? '\t' : ' ');
  out.push_back('^');
  return out;
}

absl::Status SqlError(std::string_view sql, SourcePosition pos, std::string_view message) {
  return absl::InvalidArgumentError(FormatSqlError(sql, pos, message));
}

}  // namespace sluice::sql
