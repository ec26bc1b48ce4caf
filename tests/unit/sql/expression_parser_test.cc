// Expressions: precedence, literals, special syntaxes, subqueries, windows. Most checks compare
// ToString (which parenthesizes by precedence) and verify that it parses back to the same text.
#include <gtest/gtest.h>

#include "sluice/sql/parser.h"

namespace sluice::sql {
namespace {

// Parsed trees are kept alive for the whole test run, so `Parse(..)->As<T>()` references stay
// valid.
ExprPtr Parse(std::string_view sql) {
  static std::vector<ExprPtr> keep_alive;
  StatusOr<ExprPtr> expr = ParseExpression(sql);
  EXPECT_TRUE(expr.ok()) << sql << "\n" << expr.status();
  if (!expr.ok()) return nullptr;
  keep_alive.push_back(*expr);
  return *expr;
}

// ToString of the parsed expression, checked to be a fixed point of parse + ToString.
std::string Text(std::string_view sql) {
  ExprPtr expr = Parse(sql);
  if (!expr) return "<error>";
  std::string text = expr->ToString();
  ExprPtr again = Parse(text);
  EXPECT_TRUE(again && again->ToString() == text) << "round trip of " << text;
  return text;
}

TEST(ExpressionParser, Precedence) {
  EXPECT_EQ(Text("a + b * c"), "a + b * c");
  EXPECT_EQ(Text("(a + b) * c"), "(a + b) * c");
  EXPECT_EQ(Text("a - (b - c)"), "a - (b - c)");
  EXPECT_EQ(Text("a - b - c"), "a - b - c");
  EXPECT_EQ(Text("a OR b AND c"), "a OR b AND c");
  EXPECT_EQ(Text("(a OR b) AND c"), "(a OR b) AND c");
  EXPECT_EQ(Text("NOT a = b AND c"), "NOT a = b AND c");
  EXPECT_EQ(Text("NOT (a AND b)"), "NOT (a AND b)");
  EXPECT_EQ(Text("a || b = c || d"), "a || b = c || d");
  EXPECT_EQ(Text("-a * b"), "-a * b");
  EXPECT_EQ(Text("-(a * b)"), "-(a * b)");
  EXPECT_EQ(Text("a % 2 = 0"), "a % 2 = 0");

  ExprPtr expr = Parse("a OR b AND NOT c = d + e * f");
  const auto& or_expr = expr->As<BinaryExpr>();
  EXPECT_EQ(or_expr.op, BinaryOp::kOr);
  const auto& and_expr = or_expr.right->As<BinaryExpr>();
  EXPECT_EQ(and_expr.op, BinaryOp::kAnd);
  const auto& not_expr = and_expr.right->As<UnaryExpr>();
  EXPECT_EQ(not_expr.op, UnaryOp::kNot);
  const auto& equal = not_expr.operand->As<BinaryExpr>();
  EXPECT_EQ(equal.op, BinaryOp::kEqual);
  EXPECT_EQ(equal.right->As<BinaryExpr>().op, BinaryOp::kPlus);
  EXPECT_EQ(equal.right->As<BinaryExpr>().right->As<BinaryExpr>().op, BinaryOp::kMultiply);
}

TEST(ExpressionParser, ComparisonOperators) {
  EXPECT_EQ(Text("a <> b"), "a <> b");
  EXPECT_EQ(Text("a != b"), "a <> b");
  EXPECT_EQ(Text("a<=b AND a>=c AND a<d AND a>e"), "a <= b AND a >= c AND a < d AND a > e");
  EXPECT_EQ(Text("a IS NOT DISTINCT FROM b"), "a IS NOT DISTINCT FROM b");
  EXPECT_EQ(Parse("a IS DISTINCT FROM b")->As<BinaryExpr>().op, BinaryOp::kIsDistinctFrom);
}

TEST(ExpressionParser, Literals) {
  const auto& integer = Parse("42")->As<LiteralExpr>();
  EXPECT_EQ(integer.literal_kind, LiteralKind::kInteger);
  EXPECT_EQ(integer.int_value, 42);

  const auto& decimal = Parse("1.50")->As<LiteralExpr>();
  EXPECT_EQ(decimal.literal_kind, LiteralKind::kDecimal);
  EXPECT_EQ(decimal.text, "1.50");

  const auto& approx = Parse("1e3")->As<LiteralExpr>();
  EXPECT_EQ(approx.literal_kind, LiteralKind::kDouble);
  EXPECT_EQ(approx.double_value, 1000.0);

  const auto& big = Parse("99999999999999999999")->As<LiteralExpr>();
  EXPECT_EQ(big.literal_kind, LiteralKind::kDecimal);
  EXPECT_EQ(big.text, "99999999999999999999");

  const auto& negative = Parse("-7")->As<LiteralExpr>();
  EXPECT_EQ(negative.int_value, -7);
  EXPECT_EQ(negative.text, "-7");
  const auto& min = Parse("-9223372036854775808")->As<LiteralExpr>();
  EXPECT_EQ(min.literal_kind, LiteralKind::kInteger);
  EXPECT_EQ(min.int_value, INT64_MIN);

  const auto& string = Parse("'it''s'")->As<LiteralExpr>();
  EXPECT_EQ(string.literal_kind, LiteralKind::kString);
  EXPECT_EQ(string.text, "it's");
  EXPECT_EQ(Text("'it''s'"), "'it''s'");

  EXPECT_EQ(Parse("TRUE")->As<LiteralExpr>().bool_value, true);
  EXPECT_EQ(Parse("false")->As<LiteralExpr>().literal_kind, LiteralKind::kBoolean);
  EXPECT_EQ(Parse("NULL")->As<LiteralExpr>().literal_kind, LiteralKind::kNull);
  EXPECT_EQ(Text("X'0aff'"), "X'0aff'");

  const auto& timestamp = Parse("TIMESTAMP '2021-04-13 20:12:11.123'")->As<LiteralExpr>();
  EXPECT_EQ(timestamp.literal_kind, LiteralKind::kTimestamp);
  EXPECT_EQ(timestamp.text, "2021-04-13 20:12:11.123");
  EXPECT_EQ(Parse("DATE '2021-04-13'")->As<LiteralExpr>().literal_kind, LiteralKind::kDate);
  EXPECT_EQ(Parse("TIME '20:12:11'")->As<LiteralExpr>().literal_kind, LiteralKind::kTime);
  EXPECT_EQ(Text("TIMESTAMP_LTZ '2021-04-13 20:12:11'"), "TIMESTAMP_LTZ '2021-04-13 20:12:11'");
  EXPECT_EQ(Text("- -1"), "-(-1)");
  EXPECT_EQ(Text("a - -1"), "a - -1");
}

TEST(ExpressionParser, Intervals) {
  const auto& minute = Parse("INTERVAL '10' MINUTE")->As<IntervalExpr>();
  EXPECT_EQ(minute.start_unit, TimeUnit::kMinute);
  EXPECT_EQ(minute.value, 600'000);
  EXPECT_FALSE(minute.year_month);

  EXPECT_EQ(Parse("INTERVAL '10' MINUTES")->As<IntervalExpr>().value, 600'000);
  EXPECT_EQ(Parse("INTERVAL '2' SECONDS")->As<IntervalExpr>().value, 2'000);
  EXPECT_EQ(Parse("INTERVAL '1' HOURS")->As<IntervalExpr>().value, 3'600'000);
  EXPECT_EQ(Parse("INTERVAL '1' DAYS")->As<IntervalExpr>().value, 86'400'000);
  EXPECT_EQ(Parse("INTERVAL '0.001' SECOND")->As<IntervalExpr>().value, 1);

  const auto& range = Parse("INTERVAL '1:30' HOUR TO MINUTE")->As<IntervalExpr>();
  EXPECT_EQ(range.value, 5'400'000);
  EXPECT_EQ(range.end_unit, TimeUnit::kMinute);

  const auto& precise = Parse("INTERVAL '10' SECOND(3)")->As<IntervalExpr>();
  EXPECT_EQ(precise.precision, 3);
  EXPECT_EQ(precise.value, 10'000);

  const auto& months = Parse("INTERVAL '1-2' YEAR TO MONTH")->As<IntervalExpr>();
  EXPECT_TRUE(months.year_month);
  EXPECT_EQ(months.value, 14);

  EXPECT_EQ(Parse("INTERVAL -'1' DAY")->As<IntervalExpr>().value, -86'400'000);
  EXPECT_EQ(Text("ts - INTERVAL '5' SECOND"), "ts - INTERVAL '5' SECOND");
  EXPECT_EQ(Text("INTERVAL '10' SECOND(3)"), "INTERVAL '10' SECOND(3)");
  EXPECT_EQ(Text("INTERVAL '1:30' HOUR TO MINUTE"), "INTERVAL '1:30' HOUR TO MINUTE");
}

TEST(ExpressionParser, ColumnReferences) {
  EXPECT_EQ(Parse("a")->As<ColumnRefExpr>().names, (std::vector<std::string>{"a"}));
  EXPECT_EQ(Parse("t.a")->As<ColumnRefExpr>().names, (std::vector<std::string>{"t", "a"}));
  EXPECT_EQ(Parse("db.t.`my col`")->As<ColumnRefExpr>().names,
            (std::vector<std::string>{"db", "t", "my col"}));
  EXPECT_EQ(Text("`select`"), "`select`");
  EXPECT_EQ(Text("`a b`.c"), "`a b`.c");
  EXPECT_EQ(Text("MyCol"), "MyCol");  // identifiers keep their case
  // Words Flink reserves but Sluice accepts as column names.
  EXPECT_EQ(Text("`value` + user + `timestamp` + date"), "value + user + timestamp + date");
}

TEST(ExpressionParser, FunctionCalls) {
  const auto& count = Parse("COUNT(DISTINCT a)")->As<FunctionCallExpr>();
  EXPECT_EQ(count.name, "COUNT");
  EXPECT_TRUE(count.distinct);
  ASSERT_EQ(count.args.size(), 1u);

  const auto& star = Parse("count(*)")->As<FunctionCallExpr>();
  EXPECT_EQ(star.name, "count");
  ASSERT_EQ(star.args.size(), 1u);
  EXPECT_TRUE(star.args[0]->Is<StarExpr>());
  EXPECT_EQ(Text("COUNT(*)"), "COUNT(*)");

  EXPECT_EQ(Text("TUMBLE(ts, INTERVAL '1' MINUTE)"), "TUMBLE(ts, INTERVAL '1' MINUTE)");
  EXPECT_EQ(Text("PROCTIME()"), "PROCTIME()");
  EXPECT_EQ(Text("cat.db.my_udf(a, 'x')"), "cat.db.my_udf(a, 'x')");
  EXPECT_EQ(Parse("cat.db.f(a)")->As<FunctionCallExpr>().qualifier,
            (std::vector<std::string>{"cat", "db"}));
  EXPECT_EQ(Text("COUNT(DISTINCT u) FILTER (WHERE c > 1)"),
            "COUNT(DISTINCT u) FILTER (WHERE c > 1)");
  EXPECT_EQ(Text("IF(a > 1, 'x', 'y')"), "IF(a > 1, 'x', 'y')");

  for (const char* niladic :
       {"CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIMESTAMP", "LOCALTIME"}) {
    const auto& call = Parse(niladic)->As<FunctionCallExpr>();
    EXPECT_EQ(call.name, niladic);
    EXPECT_TRUE(call.no_parentheses);
    EXPECT_EQ(Text(niladic), niladic);
  }
  const auto& now = Parse("NOW()")->As<FunctionCallExpr>();
  EXPECT_FALSE(now.no_parentheses);
  EXPECT_TRUE(Parse("now")->Is<ColumnRefExpr>());
}

TEST(ExpressionParser, SpecialSyntaxFunctions) {
  const auto& extract = Parse("EXTRACT(YEAR FROM ts)")->As<FunctionCallExpr>();
  EXPECT_EQ(extract.name, "EXTRACT");
  ASSERT_EQ(extract.args.size(), 2u);
  EXPECT_EQ(extract.args[0]->As<SymbolExpr>().name, "YEAR");
  EXPECT_EQ(Text("extract(hour from ts)"), "EXTRACT(HOUR FROM ts)");

  const auto& trim = Parse("TRIM(LEADING 'x' FROM s)")->As<FunctionCallExpr>();
  ASSERT_EQ(trim.args.size(), 3u);
  EXPECT_EQ(trim.args[0]->As<SymbolExpr>().name, "LEADING");
  EXPECT_EQ(trim.args[1]->As<LiteralExpr>().text, "x");
  EXPECT_EQ(Text("TRIM(s)"), "TRIM(BOTH ' ' FROM s)");
  EXPECT_EQ(Text("TRIM(TRAILING FROM s)"), "TRIM(TRAILING ' ' FROM s)");
  EXPECT_EQ(Text("TRIM('x' FROM s)"), "TRIM(BOTH 'x' FROM s)");

  EXPECT_EQ(Text("SUBSTRING(s FROM 2 FOR 3)"), "SUBSTRING(s, 2, 3)");
  EXPECT_EQ(Text("SUBSTRING(s FROM 2)"), "SUBSTRING(s, 2)");
  EXPECT_EQ(Text("substring(s, 2, 3)"), "SUBSTRING(s, 2, 3)");
  EXPECT_EQ(Text("POSITION('a' IN s)"), "POSITION('a' IN s)");
  EXPECT_EQ(Text("POSITION(a || b IN s)"), "POSITION(a || b IN s)");
  EXPECT_EQ(Text("OVERLAY(s PLACING 'x' FROM 2 FOR 1)"), "OVERLAY(s PLACING 'x' FROM 2 FOR 1)");
  EXPECT_EQ(Text("FLOOR(ts TO HOUR)"), "FLOOR(ts TO HOUR)");
  EXPECT_EQ(Text("CEILING(x)"), "CEIL(x)");
  EXPECT_EQ(Text("TIMESTAMPDIFF(SECOND, a, b)"), "TIMESTAMPDIFF(SECOND, a, b)");
  EXPECT_EQ(
      Parse("TIMESTAMPADD(DAY, 1, ts)")->As<FunctionCallExpr>().args[0]->As<SymbolExpr>().name,
      "DAY");
}

TEST(ExpressionParser, CaseAndCast) {
  const auto& searched = Parse("CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' END")->As<CaseExpr>();
  EXPECT_EQ(searched.operand, nullptr);
  EXPECT_EQ(searched.when_then.size(), 2u);
  EXPECT_EQ(searched.else_result, nullptr);
  const auto& simple = Parse("CASE a WHEN 1 THEN 'one' ELSE 'many' END")->As<CaseExpr>();
  ASSERT_NE(simple.operand, nullptr);
  ASSERT_NE(simple.else_result, nullptr);
  EXPECT_EQ(Text("CASE a WHEN 1 THEN 'one' ELSE 'many' END"),
            "CASE a WHEN 1 THEN 'one' ELSE 'many' END");

  const auto& cast = Parse("CAST(a AS DECIMAL(10, 2))")->As<CastExpr>();
  EXPECT_FALSE(cast.try_cast);
  EXPECT_EQ(cast.type.name, "DECIMAL");
  EXPECT_EQ(cast.type.params, (std::vector<int>{10, 2}));
  EXPECT_TRUE(Parse("TRY_CAST(a AS INT)")->As<CastExpr>().try_cast);
  EXPECT_EQ(Text("CAST(ts AS TIMESTAMP(3))"), "CAST(ts AS TIMESTAMP(3))");
  EXPECT_EQ(Text("CAST(x AS STRING NOT NULL)"), "CAST(x AS STRING NOT NULL)");
}

TEST(ExpressionParser, Predicates) {
  const auto& in = Parse("a NOT IN (1, 2, 3)")->As<InListExpr>();
  EXPECT_TRUE(in.negated);
  EXPECT_EQ(in.list.size(), 3u);
  const auto& in_query = Parse("a IN (SELECT b FROM t)")->As<InSubqueryExpr>();
  EXPECT_FALSE(in_query.negated);
  EXPECT_TRUE(in_query.query->Is<SelectQuery>());
  EXPECT_EQ(Text("a IN ((SELECT 1), 2)"), "a IN ((SELECT 1), 2)");

  const auto& between = Parse("a NOT BETWEEN b - 1 AND c + 1")->As<BetweenExpr>();
  EXPECT_TRUE(between.negated);
  EXPECT_EQ(between.low->As<BinaryExpr>().op, BinaryOp::kMinus);
  EXPECT_EQ(Text("a BETWEEN 1 AND 2 AND b"), "a BETWEEN 1 AND 2 AND b");
  EXPECT_EQ(Parse("a BETWEEN 1 AND 2 AND b")->As<BinaryExpr>().op, BinaryOp::kAnd);

  const auto& like = Parse("s NOT LIKE 'a!%' ESCAPE '!'")->As<LikeExpr>();
  EXPECT_TRUE(like.negated);
  ASSERT_NE(like.escape, nullptr);
  EXPECT_TRUE(Parse("s SIMILAR TO 'a+'")->As<LikeExpr>().similar);
  EXPECT_EQ(Text("s NOT SIMILAR TO 'a+'"), "s NOT SIMILAR TO 'a+'");

  const auto& is_null = Parse("a IS NOT NULL")->As<IsPredicateExpr>();
  EXPECT_TRUE(is_null.negated);
  EXPECT_EQ(is_null.test, IsTest::kNull);
  EXPECT_EQ(Parse("a IS TRUE")->As<IsPredicateExpr>().test, IsTest::kTrue);
  EXPECT_EQ(Parse("a IS NOT FALSE")->As<IsPredicateExpr>().test, IsTest::kFalse);
  EXPECT_EQ(Text("a = 1 IS UNKNOWN"), "a = 1 IS UNKNOWN");

  EXPECT_TRUE(Parse("EXISTS (SELECT 1)")->Is<ExistsExpr>());
  const auto& not_exists = Parse("NOT EXISTS (SELECT 1 FROM t WHERE t.a = b)")->As<UnaryExpr>();
  EXPECT_TRUE(not_exists.operand->Is<ExistsExpr>());
}

TEST(ExpressionParser, SubqueriesAndRows) {
  EXPECT_TRUE(Parse("(SELECT MAX(a) FROM t)")->Is<SubqueryExpr>());
  EXPECT_EQ(Text("(SELECT MAX(a) FROM t) + 1"), "(SELECT MAX(a) FROM t) + 1");
  EXPECT_EQ(Text("((SELECT 1) + 1) * 2"), "((SELECT 1) + 1) * 2");
  EXPECT_EQ(Text("((SELECT 1))"), "(SELECT 1)");
  const auto& row = Parse("(a, b)")->As<ConstructorExpr>();
  EXPECT_TRUE(row.implicit_row);
  EXPECT_EQ(row.elements.size(), 2u);
}

TEST(ExpressionParser, ConstructorsAndAccess) {
  EXPECT_EQ(Parse("ARRAY[1, 2]")->As<ConstructorExpr>().constructor, ConstructorKind::kArray);
  EXPECT_EQ(Parse("MAP['a', 1, 'b', 2]")->As<ConstructorExpr>().elements.size(), 4u);
  EXPECT_EQ(Parse("ROW(1, 'a')")->As<ConstructorExpr>().constructor, ConstructorKind::kRow);
  EXPECT_EQ(Text("ARRAY[1, 2][1]"), "ARRAY[1, 2][1]");
  const auto& access = Parse("a[1].b")->As<FieldAccessExpr>();
  EXPECT_EQ(access.field, "b");
  EXPECT_TRUE(access.base->Is<SubscriptExpr>());
  EXPECT_EQ(Text("m['k']"), "m['k']");
  EXPECT_EQ(Text("f(x).field"), "f(x).field");
  EXPECT_EQ(Text("(a).b"), "(a).b");
  const auto& descriptor = Parse("DESCRIPTOR(ts)")->As<DescriptorExpr>();
  ASSERT_EQ(descriptor.columns.size(), 1u);
  EXPECT_EQ(descriptor.columns[0].name, "ts");
}

TEST(ExpressionParser, OverWindows) {
  const auto& call = Parse("ROW_NUMBER() OVER (PARTITION BY a, b ORDER BY ts DESC NULLS LAST)")
                         ->As<FunctionCallExpr>();
  ASSERT_NE(call.over, nullptr);
  EXPECT_EQ(call.over->partition_by.size(), 2u);
  ASSERT_EQ(call.over->order_by.size(), 1u);
  EXPECT_TRUE(call.over->order_by[0].descending);
  EXPECT_EQ(call.over->order_by[0].nulls, OrderItem::Nulls::kLast);

  const auto& range =
      Parse(
          "SUM(x) OVER (PARTITION BY a ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND "
          "CURRENT ROW)")
          ->As<FunctionCallExpr>();
  ASSERT_TRUE(range.over->frame.has_value());
  EXPECT_FALSE(range.over->frame->rows);
  EXPECT_EQ(range.over->frame->start.kind, FrameBound::Kind::kPreceding);
  EXPECT_TRUE(range.over->frame->start.offset->Is<IntervalExpr>());
  EXPECT_EQ(range.over->frame->end.kind, FrameBound::Kind::kCurrentRow);

  const auto& rows = Parse("COUNT(*) OVER (ORDER BY ts ROWS 10 PRECEDING)")->As<FunctionCallExpr>();
  EXPECT_TRUE(rows.over->frame->rows);
  EXPECT_EQ(rows.over->frame->start.offset->As<LiteralExpr>().int_value, 10);
  EXPECT_EQ(rows.over->frame->end.kind, FrameBound::Kind::kCurrentRow);

  EXPECT_EQ(Parse("SUM(x) OVER w")->As<FunctionCallExpr>().over->reference_name, "w");
  EXPECT_EQ(Text("SUM(x) OVER w"), "SUM(x) OVER w");
  EXPECT_EQ(Text("SUM(x) OVER (ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"),
            "SUM(x) OVER (ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
}

TEST(ExpressionParser, PositionsPointAtFirstToken) {
  ExprPtr expr = Parse("a +\n  f(b)");
  EXPECT_EQ(expr->pos, (SourcePosition{1, 1}));
  EXPECT_EQ(expr->As<BinaryExpr>().right->pos, (SourcePosition{2, 3}));
  ExprPtr cast = Parse("  CAST(x AS INT)");
  EXPECT_EQ(cast->pos, (SourcePosition{1, 3}));
  EXPECT_EQ(cast->As<CastExpr>().type.pos, (SourcePosition{1, 13}));
}

TEST(TypeParser, AllTypes) {
  auto type = [](std::string_view sql) {
    StatusOr<TypeSpec> spec = ParseType(sql);
    EXPECT_TRUE(spec.ok()) << sql << "\n" << spec.status();
    return spec.ok() ? spec->ToString() : "<error>";
  };
  EXPECT_EQ(type("BOOLEAN"), "BOOLEAN");
  EXPECT_EQ(type("tinyint"), "TINYINT");
  EXPECT_EQ(type("SMALLINT"), "SMALLINT");
  EXPECT_EQ(type("INTEGER"), "INT");
  EXPECT_EQ(type("BIGINT NOT NULL"), "BIGINT NOT NULL");
  EXPECT_EQ(type("FLOAT"), "FLOAT");
  EXPECT_EQ(type("DOUBLE PRECISION"), "DOUBLE");
  EXPECT_EQ(type("DEC(10)"), "DECIMAL(10)");
  EXPECT_EQ(type("NUMERIC(10, 2)"), "DECIMAL(10, 2)");
  EXPECT_EQ(type("DECIMAL"), "DECIMAL");
  EXPECT_EQ(type("CHAR(3)"), "CHAR(3)");
  EXPECT_EQ(type("VARCHAR(20) NULL"), "VARCHAR(20)");
  EXPECT_EQ(type("STRING"), "STRING");
  EXPECT_EQ(type("BINARY(4)"), "BINARY(4)");
  EXPECT_EQ(type("VARBINARY"), "VARBINARY");
  EXPECT_EQ(type("BYTES"), "BYTES");
  EXPECT_EQ(type("DATE"), "DATE");
  EXPECT_EQ(type("TIME(3)"), "TIME(3)");
  EXPECT_EQ(type("TIMESTAMP"), "TIMESTAMP");
  EXPECT_EQ(type("TIMESTAMP(3) WITHOUT TIME ZONE"), "TIMESTAMP(3)");
  EXPECT_EQ(type("TIMESTAMP(3) WITH LOCAL TIME ZONE"), "TIMESTAMP_LTZ(3)");
  EXPECT_EQ(type("TIMESTAMP_LTZ(3) NOT NULL"), "TIMESTAMP_LTZ(3) NOT NULL");
  EXPECT_EQ(type("ARRAY<INT NOT NULL>"), "ARRAY<INT NOT NULL>");
  EXPECT_EQ(type("MAP<STRING, ARRAY<BIGINT>>"), "MAP<STRING, ARRAY<BIGINT>>");
  EXPECT_EQ(type("MULTISET<STRING>"), "MULTISET<STRING>");
  EXPECT_EQ(type("ROW<a INT, b STRING 'the b'>"), "ROW<a INT, b STRING 'the b'>");
  EXPECT_EQ(type("ROW(a INT, `b c` STRING)"), "ROW<a INT, `b c` STRING>");
  EXPECT_EQ(type("ROW<>"), "ROW<>");
  EXPECT_EQ(type("INT ARRAY"), "ARRAY<INT>");

  StatusOr<TypeSpec> row = ParseType("ROW<a INT, b MAP<STRING, INT>> NOT NULL");
  ASSERT_TRUE(row.ok());
  EXPECT_FALSE(row->nullable);
  EXPECT_EQ(row->field_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(row->children[1].name, "MAP");
  EXPECT_EQ(row->children[1].children[1].name, "INT");
}

}  // namespace
}  // namespace sluice::sql
