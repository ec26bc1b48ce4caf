#include "sluice/sql/sql_error.h"

#include <gtest/gtest.h>

namespace sluice::sql {
namespace {

TEST(FormatSqlError, CaretUnderColumn) {
  EXPECT_EQ(FormatSqlError("SELECT a FORM t", {1, 10}, "unexpected 'FORM'"),
            "line 1:10: unexpected 'FORM'\nSELECT a FORM t\n         ^");
}

TEST(FormatSqlError, ShowsOnlyTheOffendingLine) {
  EXPECT_EQ(FormatSqlError("SELECT a\nFROM t\r\nWHERE x", {2, 6}, "bad"),
            "line 2:6: bad\nFROM t\n     ^");
  EXPECT_EQ(FormatSqlError("a\nb\nc", {3, 1}, "m"), "line 3:1: m\nc\n^");
}

TEST(FormatSqlError, KeepsTabsSoTheCaretAligns) {
  EXPECT_EQ(FormatSqlError("\tSELECT\tx", {1, 9}, "m"), "line 1:9: m\n\tSELECT\tx\n\t      \t^");
}

TEST(FormatSqlError, PositionAtEndOfInput) {
  EXPECT_EQ(FormatSqlError("SELECT", {1, 7}, "unexpected end of input"),
            "line 1:7: unexpected end of input\nSELECT\n      ^");
  // A line past the text prints no excerpt rather than garbage.
  EXPECT_EQ(FormatSqlError("SELECT", {5, 1}, "m"), "line 5:1: m");
}

TEST(SqlError, IsInvalidArgumentWithFormattedMessage) {
  absl::Status status = SqlError("SELECT x", {1, 8}, "unknown column 'x'");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "line 1:8: unknown column 'x'\nSELECT x\n       ^");
}

TEST(PositionAt, CountsLinesAndColumns) {
  std::string_view sql = "ab\ncd\n\nef";
  EXPECT_EQ(PositionAt(sql, 0), (SourcePosition{1, 1}));
  EXPECT_EQ(PositionAt(sql, 2), (SourcePosition{1, 3}));
  EXPECT_EQ(PositionAt(sql, 3), (SourcePosition{2, 1}));
  EXPECT_EQ(PositionAt(sql, 7), (SourcePosition{4, 1}));
  EXPECT_EQ(PositionAt(sql, 100), (SourcePosition{4, 3}));
  for (size_t offset = 0; offset <= sql.size(); ++offset) {
    EXPECT_EQ(OffsetOf(sql, PositionAt(sql, offset)), offset);
  }
}

}  // namespace
}  // namespace sluice::sql
