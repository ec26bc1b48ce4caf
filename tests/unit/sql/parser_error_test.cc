// Error messages: "line L:C: message", the source line and a caret under the column.
#include <gtest/gtest.h>

#include "sluice/sql/parser.h"

namespace sluice::sql {
namespace {

std::string Error(std::string_view sql) {
  StatusOr<std::vector<StatementPtr>> statements = ParseScript(sql);
  EXPECT_FALSE(statements.ok()) << sql;
  if (statements.ok()) return "";
  EXPECT_EQ(statements.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(statements.status().message());
}

// Only the first line of the message: "line L:C: text".
std::string Headline(std::string_view sql) {
  std::string error = Error(sql);
  return error.substr(0, error.find('\n'));
}

TEST(ParserErrors, MisspeltKeywordIsReportedWhereItStands) {
  EXPECT_EQ(Error("SELECT a FORM t"),
            "line 1:10: unexpected 'FORM', expected ',' or FROM\n"
            "SELECT a FORM t\n"
            "         ^");
  EXPECT_EQ(Error("SELECT a\nFROM t\nWHRE a > 1"),
            "line 3:1: unexpected 'WHRE', expected an alias, ',', JOIN, ON, WHERE, GROUP BY or end "
            "of query\n"
            "WHRE a > 1\n"
            "^");
  EXPECT_EQ(
      Headline("SELEC 1"),
      "line 1:1: unexpected 'SELEC', expected a statement (SELECT, INSERT, CREATE, DROP, SET, "
      "SHOW, EXPLAIN, ...)");
  EXPECT_EQ(Headline("INSERT t SELECT 1"), "line 1:8: unexpected 't', expected INTO or OVERWRITE");
  EXPECT_EQ(Headline("SELECT * FROM t GROUP a"), "line 1:23: unexpected 'a', expected BY");
}

TEST(ParserErrors, UnexpectedEndOfInput) {
  EXPECT_EQ(Error("SELECT (a + b"),
            "line 1:14: unexpected end of input, expected ')'\nSELECT (a + b\n             ^");
  EXPECT_EQ(Headline("SELECT * FROM"),
            "line 1:14: unexpected end of input, expected a table name, subquery or TABLE(...)");
  EXPECT_EQ(Headline("SELECT f("), "line 1:10: unexpected end of input, expected an expression");
  EXPECT_EQ(Headline("SELECT * FROM t WHERE"),
            "line 1:22: unexpected end of input, expected an expression");
  EXPECT_EQ(Headline("SELECT CASE WHEN a THEN b"),
            "line 1:26: unexpected end of input, expected WHEN, ELSE or END");
}

TEST(ParserErrors, UnexpectedTokens) {
  EXPECT_EQ(Headline("SELECT a, FROM t"), "line 1:11: unexpected 'FROM', expected an expression");
  EXPECT_EQ(Headline("SELECT (a + b FROM t"), "line 1:15: unexpected 'FROM', expected ')'");
  EXPECT_EQ(Headline("SELECT 1 2"), "line 1:10: unexpected '2', expected ';' or end of input");
  EXPECT_EQ(Headline("SELECT * FROM a JOIN b"),
            "line 1:23: unexpected end of input, expected ON or USING");
  EXPECT_EQ(Headline("SELECT 'x' 'y'"),
            "line 1:12: unexpected string literal 'y', expected ';' or end of input");
  EXPECT_EQ(Headline("SELECT * FROM t WHERE a IS 5"),
            "line 1:28: unexpected '5', expected NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM");
  EXPECT_EQ(Headline("SELECT COUNT(*) + * FROM t"),
            "line 1:19: '*' is only allowed as a select item or in COUNT(*)");
  EXPECT_EQ(Headline("SELECT t.* + 1 FROM t"),
            "line 1:12: unexpected '+', expected ';' or end of input");
  EXPECT_EQ(Headline("SELECT a + t.* FROM t"),
            "line 1:14: 't.*' is only allowed as a whole select item");
  EXPECT_EQ(Headline("SELECT MAP['a'] FROM t"), "line 1:8: MAP[...] needs key, value pairs");
  EXPECT_EQ(Headline("SELECT * FROM a NATURAL JOIN b"),
            "line 1:17: NATURAL JOIN is not supported; use JOIN ... USING (...)");
  EXPECT_EQ(Headline("SELECT ? FROM t"), "line 1:8: dynamic parameters ('?') are not supported");
  EXPECT_EQ(Headline("SELECT * FROM t MATCH_RECOGNIZE (PARTITION BY a)"),
            "line 1:17: MATCH_RECOGNIZE is not supported");
}

TEST(ParserErrors, LexicalErrorsInsideScripts) {
  EXPECT_EQ(Error("SET 'a' = 'b';\nSELECT 'abc"),
            "line 2:8: unterminated string literal\nSELECT 'abc\n       ^");
  EXPECT_EQ(Headline("SELECT 1e999"), "line 1:8: numeric literal 1e999 is out of range");
}

TEST(ParserErrors, PrimaryKeyMustBeNotEnforced) {
  const char* message =
      "PRIMARY KEY must be declared NOT ENFORCED: Flink does not own the data, so the only "
      "supported mode is NOT ENFORCED";
  EXPECT_EQ(Headline("CREATE TABLE t (a INT PRIMARY KEY) WITH ()"),
            std::string("line 1:23: ") + message);
  EXPECT_EQ(Headline("CREATE TABLE t (a INT, PRIMARY KEY (a)) WITH ()"),
            std::string("line 1:24: ") + message);
  EXPECT_EQ(Headline("CREATE TABLE t (a INT, PRIMARY KEY (a) ENFORCED) WITH ()"),
            std::string("line 1:24: ") + message);
  EXPECT_EQ(Headline("CREATE TABLE t (a INT PRIMARY KEY NOT ENFORCED, b INT, PRIMARY KEY (b) NOT "
                     "ENFORCED)"),
            "line 1:56: a table can have only one PRIMARY KEY");
  EXPECT_EQ(Headline("CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS ts, WATERMARK FOR ts AS "
                     "ts)"),
            "line 1:58: only one WATERMARK may be declared per table");
}

TEST(ParserErrors, TypesAndLiterals) {
  EXPECT_EQ(Headline("SELECT CAST(a AS FOO)"), "line 1:18: unknown data type 'FOO'");
  EXPECT_EQ(Headline("CREATE TABLE t (a TIMESTAMP WITH TIME ZONE)"),
            "line 1:29: TIMESTAMP WITH TIME ZONE is not supported; use TIMESTAMP_LTZ or TIMESTAMP "
            "WITH LOCAL TIME ZONE");
  EXPECT_EQ(Headline("SELECT INTERVAL '1:30' HOUR"),
            "line 1:17: invalid INTERVAL HOUR literal '1:30'");
  EXPECT_EQ(Headline("SELECT INTERVAL '1' FORTNIGHT"),
            "line 1:21: unexpected 'FORTNIGHT', expected an interval unit (YEAR, MONTH, DAY, HOUR, "
            "MINUTE or SECOND)");
  EXPECT_EQ(Headline("CREATE TABLE t (a DECIMAL(99999999999))"),
            "line 1:27: type parameter 99999999999 is out of range");
  EXPECT_EQ(Headline("CREATE TABLE t (a INT) WITH (connector = 'x')"),
            "line 1:30: unexpected 'connector', expected a quoted option key like 'connector'");
}

TEST(ParserErrors, HintErrors) {
  EXPECT_EQ(Headline("SELECT * FROM t /*+ OPTIONS('a'='b' */"),
            "line 1:37: unexpected '*/', expected ')'");
  EXPECT_EQ(Headline("SELECT /*+ 1 */ a FROM t"),
            "line 1:12: unexpected '1', expected a hint name");
}

TEST(ParserErrors, NestingLimit) {
  std::string deep = "SELECT " + std::string(2000, '(') + "1" + std::string(2000, ')');
  EXPECT_NE(Headline(deep).find(": statement is nested too deeply (more than 500 levels)"),
            std::string::npos);
  std::string subqueries;
  for (int i = 0; i < 600; ++i) subqueries += "SELECT * FROM (";
  subqueries += "SELECT 1";
  EXPECT_NE(Error(subqueries).find("nested too deeply"), std::string::npos);
  std::string nots = "SELECT ";
  for (int i = 0; i < 100000; ++i) nots += "NOT ";
  EXPECT_NE(Error(nots + "TRUE").find("nested too deeply"), std::string::npos);
  std::string types = "CREATE TABLE t (a ";
  for (int i = 0; i < 1000; ++i) types += "ARRAY<";
  EXPECT_NE(Error(types + "INT").find("nested too deeply"), std::string::npos);

  // Long left-deep chains are bounded too (the tree's depth, which later passes recurse over).
  std::string sum = "SELECT 1";
  for (int i = 0; i < 100000; ++i) sum += " + 1";
  EXPECT_NE(Error(sum).find("too deeply nested"), std::string::npos);
  std::string unions = "SELECT 1";
  for (int i = 0; i < 10000; ++i) unions += " UNION ALL SELECT 1";
  EXPECT_NE(Error(unions).find("too deeply nested"), std::string::npos);
  std::string joins = "SELECT * FROM t0";
  for (int i = 0; i < 10000; ++i) joins += ", t";
  EXPECT_NE(Error(joins).find("too deeply nested"), std::string::npos);

  // Moderate chains are fine: generated SQL with a thousand ORs.
  std::string ors = "SELECT * FROM t WHERE a = 0";
  for (int i = 1; i < 1000; ++i) ors += " OR a = " + std::to_string(i);
  EXPECT_TRUE(ParseScript(ors).ok());
}

}  // namespace
}  // namespace sluice::sql
