// Queries and table references: the tree shape of each construct, and ToString round trips.
#include <gtest/gtest.h>

#include "sluice/sql/parser.h"

namespace sluice::sql {
namespace {

QueryPtr ParseQueryStatement(std::string_view sql) {
  StatusOr<StatementPtr> statement = ParseStatement(sql);
  EXPECT_TRUE(statement.ok()) << sql << "\n" << statement.status();
  if (!statement.ok()) return nullptr;
  EXPECT_EQ((*statement)->kind, StatementKind::kQuery);
  return (*statement)->As<QueryStatement>().query;
}

const SelectQuery& Select(std::string_view sql) {
  static std::vector<QueryPtr> keep_alive;
  keep_alive.push_back(ParseQueryStatement(sql));
  return keep_alive.back()->As<SelectQuery>();
}

std::string Text(std::string_view sql) {
  QueryPtr query = ParseQueryStatement(sql);
  if (!query) return "<error>";
  std::string text = query->ToString();
  QueryPtr again = ParseQueryStatement(text);
  EXPECT_TRUE(again && again->ToString() == text) << "round trip of " << text;
  return text;
}

TEST(QueryParser, SelectList) {
  const SelectQuery& select = Select("SELECT a, b AS x, c y, t.*, *, a + 1, `weird name` FROM t");
  ASSERT_EQ(select.select_list.size(), 7u);
  EXPECT_EQ(select.select_list[0].alias, "");
  EXPECT_EQ(select.select_list[1].alias, "x");
  EXPECT_EQ(select.select_list[2].alias, "y");
  EXPECT_EQ(select.select_list[3].expr->As<StarExpr>().qualifier, (std::vector<std::string>{"t"}));
  EXPECT_TRUE(select.select_list[4].expr->As<StarExpr>().qualifier.empty());
  EXPECT_EQ(select.select_list[5].expr->ToString(), "a + 1");
  EXPECT_EQ(select.select_list[6].expr->As<ColumnRefExpr>().names[0], "weird name");
  EXPECT_EQ(select.select_list[2].pos, (SourcePosition{1, 19}));
  EXPECT_FALSE(select.distinct);
  EXPECT_TRUE(Select("SELECT DISTINCT a FROM t").distinct);
  EXPECT_FALSE(Select("SELECT ALL a FROM t").distinct);
  EXPECT_EQ(Select("SELECT 1").from, nullptr);
  EXPECT_EQ(Text("SELECT db.t.* FROM db.t"), "SELECT db.t.* FROM db.t");
}

TEST(QueryParser, Clauses) {
  const SelectQuery& select = Select(
      "SELECT a, COUNT(*) FROM t WHERE b > 1 GROUP BY a HAVING COUNT(*) > 2 ORDER BY a DESC "
      "LIMIT 10 OFFSET 5");
  ASSERT_NE(select.where, nullptr);
  ASSERT_EQ(select.group_by.size(), 1u);
  EXPECT_EQ(select.group_by[0].kind, GroupingElement::Kind::kExpression);
  ASSERT_NE(select.having, nullptr);
  ASSERT_EQ(select.order_by.size(), 1u);
  EXPECT_TRUE(select.order_by[0].descending);
  EXPECT_EQ(select.limit->As<LiteralExpr>().int_value, 10);
  EXPECT_EQ(select.offset->As<LiteralExpr>().int_value, 5);

  const SelectQuery& fetch = Select("SELECT a FROM t ORDER BY a FETCH FIRST 3 ROWS ONLY");
  EXPECT_EQ(fetch.limit->As<LiteralExpr>().int_value, 3);
  const SelectQuery& fetch_one = Select("SELECT a FROM t FETCH NEXT ROW ONLY");
  EXPECT_EQ(fetch_one.limit->As<LiteralExpr>().int_value, 1);
  EXPECT_EQ(Text("SELECT a FROM t ORDER BY a NULLS FIRST, b ASC LIMIT 3"),
            "SELECT a FROM t ORDER BY a NULLS FIRST, b LIMIT 3");
}

TEST(QueryParser, GroupByForms) {
  const SelectQuery& legacy = Select(
      "SELECT TUMBLE_START(ts, INTERVAL '1' MINUTE), COUNT(*) FROM t "
      "GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE), HOP(ts, INTERVAL '1' MINUTE, INTERVAL '5' "
      "MINUTE), "
      "SESSION(ts, INTERVAL '10' SECOND), user_id");
  ASSERT_EQ(legacy.group_by.size(), 4u);
  EXPECT_EQ(legacy.group_by[0].expr->As<FunctionCallExpr>().name, "TUMBLE");
  EXPECT_EQ(legacy.group_by[1].expr->As<FunctionCallExpr>().name, "HOP");
  EXPECT_EQ(legacy.group_by[2].expr->As<FunctionCallExpr>().name, "SESSION");

  const SelectQuery& sets = Select(
      "SELECT a, b FROM t GROUP BY GROUPING SETS ((a, b), (a), a, ()), ROLLUP (a, b), CUBE (a)");
  ASSERT_EQ(sets.group_by.size(), 3u);
  const GroupingElement& grouping_sets = sets.group_by[0];
  EXPECT_EQ(grouping_sets.kind, GroupingElement::Kind::kGroupingSets);
  ASSERT_EQ(grouping_sets.children.size(), 4u);
  EXPECT_EQ(grouping_sets.children[0].kind, GroupingElement::Kind::kList);
  EXPECT_EQ(grouping_sets.children[0].list.size(), 2u);
  EXPECT_EQ(grouping_sets.children[1].kind, GroupingElement::Kind::kList);
  EXPECT_EQ(grouping_sets.children[2].kind, GroupingElement::Kind::kExpression);
  EXPECT_TRUE(grouping_sets.children[3].list.empty());
  EXPECT_EQ(sets.group_by[1].kind, GroupingElement::Kind::kRollup);
  EXPECT_EQ(sets.group_by[2].kind, GroupingElement::Kind::kCube);
  EXPECT_EQ(Text("SELECT a FROM t GROUP BY GROUPING SETS ((a, b), (a), ())"),
            "SELECT a FROM t GROUP BY GROUPING SETS ((a, b), (a), ())");
  EXPECT_EQ(Select("SELECT 1 FROM t GROUP BY ()").group_by[0].kind, GroupingElement::Kind::kList);
}

TEST(QueryParser, SetOperationsAndPrecedence) {
  QueryPtr query =
      ParseQueryStatement("SELECT a FROM t UNION ALL SELECT b FROM u INTERSECT SELECT c FROM v");
  const auto& union_all = query->As<SetOperationQuery>();
  EXPECT_EQ(union_all.op, SetOp::kUnion);
  EXPECT_TRUE(union_all.all);
  EXPECT_EQ(union_all.right->As<SetOperationQuery>().op, SetOp::kIntersect);

  QueryPtr left_assoc = ParseQueryStatement("SELECT 1 UNION SELECT 2 EXCEPT SELECT 3");
  EXPECT_EQ(left_assoc->As<SetOperationQuery>().op, SetOp::kExcept);
  EXPECT_EQ(left_assoc->As<SetOperationQuery>().left->As<SetOperationQuery>().op, SetOp::kUnion);
  EXPECT_FALSE(left_assoc->As<SetOperationQuery>().all);

  QueryPtr ordered =
      ParseQueryStatement("SELECT a FROM t UNION SELECT a FROM u ORDER BY a LIMIT 3");
  EXPECT_EQ(ordered->order_by.size(), 1u);
  EXPECT_NE(ordered->limit, nullptr);
  EXPECT_TRUE(ordered->As<SetOperationQuery>().left->order_by.empty());

  EXPECT_EQ(Text("(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3"),
            "(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3");
  EXPECT_EQ(Text("SELECT 1 UNION (SELECT 2 UNION SELECT 3)"),
            "SELECT 1 UNION (SELECT 2 UNION SELECT 3)");
  EXPECT_EQ(Text("(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL (SELECT a FROM u LIMIT 2)"),
            "(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL (SELECT a FROM u LIMIT 2)");
  EXPECT_EQ(Text("SELECT 1 MINUS SELECT 2"), "SELECT 1 EXCEPT SELECT 2");
  // ORDER BY on a parenthesized query that already has one: kept, via a wrapping SELECT *.
  EXPECT_EQ(Text("(SELECT a FROM t ORDER BY a LIMIT 5) ORDER BY a DESC"),
            "SELECT * FROM (SELECT a FROM t ORDER BY a LIMIT 5) ORDER BY a DESC");
}

TEST(QueryParser, WithAndValues) {
  QueryPtr query =
      ParseQueryStatement("WITH x AS (SELECT 1 AS a), y (b) AS (SELECT a FROM x) SELECT * FROM y");
  ASSERT_EQ(query->with.size(), 2u);
  EXPECT_EQ(query->with[0].name, "x");
  EXPECT_EQ(query->with[1].columns[0].name, "b");
  EXPECT_EQ(Text("WITH x AS (SELECT 1) SELECT * FROM x"), "WITH x AS (SELECT 1) SELECT * FROM x");

  QueryPtr values = ParseQueryStatement("VALUES (1, 'a'), (2, 'b')");
  ASSERT_EQ(values->As<ValuesQuery>().rows.size(), 2u);
  EXPECT_EQ(values->As<ValuesQuery>().rows[1].size(), 2u);
  EXPECT_EQ(Text("VALUES 1, 2"), "VALUES (1), (2)");
  EXPECT_EQ(Text("VALUES ROW(1, 2)"), "VALUES (1, 2)");

  const SelectQuery& from_values =
      Select("SELECT id FROM (VALUES (1), (2), (2)) AS T(id) GROUP BY id");
  const auto& subquery = from_values.from->As<SubqueryTableRef>();
  EXPECT_EQ(subquery.alias, "T");
  ASSERT_EQ(subquery.column_aliases.size(), 1u);
  EXPECT_EQ(subquery.column_aliases[0].name, "id");
  EXPECT_TRUE(subquery.query->Is<ValuesQuery>());
}

TEST(QueryParser, NamedTablesAliasesAndHints) {
  const auto& named = Select("SELECT * FROM cat.db.orders AS o").from->As<NamedTableRef>();
  EXPECT_EQ(named.name.parts, (std::vector<std::string>{"cat", "db", "orders"}));
  EXPECT_EQ(named.alias, "o");
  EXPECT_EQ(Select("SELECT * FROM orders o").from->alias, "o");

  const auto& hinted =
      Select(
          "SELECT * FROM kafka_t /*+ OPTIONS('scan.startup.mode'='earliest-offset', "
          "'k2'='v2') */ AS k")
          .from->As<NamedTableRef>();
  ASSERT_EQ(hinted.hints.size(), 1u);
  EXPECT_EQ(hinted.hints[0].name, "OPTIONS");
  ASSERT_EQ(hinted.hints[0].options.size(), 2u);
  EXPECT_EQ(hinted.hints[0].options[0].key, "scan.startup.mode");
  EXPECT_EQ(hinted.hints[0].options[0].value, "earliest-offset");
  EXPECT_EQ(hinted.alias, "k");

  const SelectQuery& query_hint =
      Select("SELECT /*+ LOOKUP('table'='dim', 'async'='true'), STATE_TTL('o'='1d') */ o.a FROM o");
  ASSERT_EQ(query_hint.hints.size(), 2u);
  EXPECT_EQ(query_hint.hints[0].name, "LOOKUP");
  EXPECT_EQ(query_hint.hints[1].name, "STATE_TTL");
  EXPECT_EQ(query_hint.hints[1].options[0].value, "1d");
  const SelectQuery& list_hint = Select("SELECT /*+ BROADCAST(dim, db.t) */ * FROM a");
  EXPECT_EQ(list_hint.hints[0].args, (std::vector<std::string>{"dim", "db.t"}));

  // Hint comments anywhere else are plain comments.
  EXPECT_EQ(Text("SELECT a /*+ not a hint here */ FROM t"), "SELECT a FROM t");
}

TEST(QueryParser, Joins) {
  const auto& join =
      Select("SELECT * FROM a JOIN b ON a.id = b.id LEFT OUTER JOIN c USING (id, k) CROSS JOIN d")
          .from->As<JoinTableRef>();
  EXPECT_EQ(join.join_type, JoinType::kCross);
  const auto& left = join.left->As<JoinTableRef>();
  EXPECT_EQ(left.join_type, JoinType::kLeft);
  ASSERT_EQ(left.using_columns.size(), 2u);
  const auto& inner = left.left->As<JoinTableRef>();
  EXPECT_EQ(inner.join_type, JoinType::kInner);
  ASSERT_NE(inner.condition, nullptr);

  EXPECT_EQ(Select("SELECT * FROM a RIGHT JOIN b ON TRUE").from->As<JoinTableRef>().join_type,
            JoinType::kRight);
  EXPECT_EQ(Select("SELECT * FROM a FULL OUTER JOIN b ON TRUE").from->As<JoinTableRef>().join_type,
            JoinType::kFull);
  EXPECT_EQ(Select("SELECT * FROM a INNER JOIN b ON TRUE").from->As<JoinTableRef>().join_type,
            JoinType::kInner);
  const auto& comma = Select("SELECT * FROM a, b, c").from->As<JoinTableRef>();
  EXPECT_EQ(comma.join_type, JoinType::kComma);
  EXPECT_TRUE(comma.left->Is<JoinTableRef>());
  EXPECT_EQ(Text("SELECT * FROM a JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x"),
            "SELECT * FROM a JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x");
  EXPECT_EQ(Text("SELECT * FROM a LEFT JOIN b ON a.k = b.k, c"),
            "SELECT * FROM a LEFT JOIN b ON a.k = b.k, c");
}

TEST(QueryParser, TemporalJoin) {
  const auto& join = Select(
                         "SELECT * FROM orders AS o JOIN dim_user FOR SYSTEM_TIME AS OF o.pt AS u "
                         "ON o.user_id = u.id")
                         .from->As<JoinTableRef>();
  const auto& right = join.right->As<NamedTableRef>();
  ASSERT_NE(right.system_time, nullptr);
  EXPECT_EQ(right.system_time->ToString(), "o.pt");
  EXPECT_EQ(right.alias, "u");
  EXPECT_EQ(Text("SELECT * FROM o LEFT JOIN r FOR SYSTEM_TIME AS OF o.t r ON o.c = r.c"),
            "SELECT * FROM o LEFT JOIN r FOR SYSTEM_TIME AS OF o.t AS r ON o.c = r.c");
}

TEST(QueryParser, WindowTableFunctions) {
  const auto& tumble =
      Select("SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))")
          .from->As<TableFunctionTableRef>();
  EXPECT_EQ(tumble.function.parts, (std::vector<std::string>{"TUMBLE"}));
  EXPECT_FALSE(tumble.lateral);
  ASSERT_EQ(tumble.args.size(), 3u);
  EXPECT_EQ(tumble.args[0].kind, TableFunctionArg::Kind::kTable);
  EXPECT_EQ(tumble.args[0].table->As<NamedTableRef>().name.last(), "bid");
  EXPECT_EQ(tumble.args[1].kind, TableFunctionArg::Kind::kDescriptor);
  EXPECT_EQ(tumble.args[1].descriptor[0].name, "bidtime");
  EXPECT_EQ(tumble.args[2].kind, TableFunctionArg::Kind::kExpression);
  EXPECT_EQ(tumble.args[2].expr->As<IntervalExpr>().value, 600'000);

  const auto& named =
      Select(
          "SELECT * FROM TABLE(TUMBLE(DATA => TABLE t, TIMECOL => DESCRIPTOR(ts), SIZE => INTERVAL "
          "'10' MINUTES, `OFFSET` => INTERVAL '1' MINUTES)) AS w")
          .from->As<TableFunctionTableRef>();
  ASSERT_EQ(named.args.size(), 4u);
  EXPECT_EQ(named.args[0].name, "DATA");
  EXPECT_EQ(named.args[1].name, "TIMECOL");
  EXPECT_EQ(named.args[2].name, "SIZE");
  EXPECT_EQ(named.args[3].name, "OFFSET");
  EXPECT_EQ(named.alias, "w");

  const auto& session =
      Select(
          "SELECT * FROM TABLE(SESSION(TABLE t PARTITION BY k1, k2, DESCRIPTOR(ts), INTERVAL '5' "
          "MINUTE))")
          .from->As<TableFunctionTableRef>();
  ASSERT_EQ(session.args.size(), 3u);
  EXPECT_EQ(session.args[0].partition_by.size(), 2u);
  const auto& session_parens =
      Select(
          "SELECT * FROM TABLE(SESSION(TABLE t PARTITION BY (k1, k2), DESCRIPTOR(ts), INTERVAL '5' "
          "MINUTE))")
          .from->As<TableFunctionTableRef>();
  EXPECT_EQ(session_parens.args[0].partition_by.size(), 2u);

  const auto& from_subquery = Select(
                                  "SELECT * FROM TABLE(HOP(TABLE (SELECT * FROM t WHERE a > 1), "
                                  "DESCRIPTOR(ts), INTERVAL '1' "
                                  "MINUTE, INTERVAL '5' MINUTE))")
                                  .from->As<TableFunctionTableRef>();
  EXPECT_TRUE(from_subquery.args[0].table->Is<SubqueryTableRef>());
  EXPECT_EQ(from_subquery.args.size(), 4u);

  for (const char* sql : {
           "SELECT * FROM TABLE(CUMULATE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL "
           "'1' DAY))",
           "SELECT * FROM TABLE(TUMBLE(DATA => TABLE t, TIMECOL => DESCRIPTOR(ts), SIZE => "
           "INTERVAL '10' MINUTE, `OFFSET` => INTERVAL '1' MINUTE)) AS w",
           "SELECT * FROM TABLE(SESSION(TABLE t PARTITION BY (k1, k2), DESCRIPTOR(ts), INTERVAL "
           "'5' MINUTE))",
           "SELECT * FROM TABLE(HOP((SELECT * FROM t), DESCRIPTOR(ts), INTERVAL '1' MINUTE, "
           "INTERVAL '5' MINUTE))",
       }) {
    EXPECT_EQ(Text(sql), sql);
  }
}

TEST(QueryParser, LateralTableAndUnnest) {
  const auto& lateral =
      Select("SELECT a, w FROM t, LATERAL TABLE(split(s, ',')) AS T(w)").from->As<JoinTableRef>();
  const auto& function = lateral.right->As<TableFunctionTableRef>();
  EXPECT_TRUE(function.lateral);
  EXPECT_EQ(function.function.last(), "split");
  EXPECT_EQ(function.args.size(), 2u);
  EXPECT_EQ(function.alias, "T");
  EXPECT_EQ(function.column_aliases[0].name, "w");

  const auto& left_lateral = Select("SELECT * FROM t LEFT JOIN LATERAL TABLE(f(x)) AS r(c) ON TRUE")
                                 .from->As<JoinTableRef>();
  EXPECT_EQ(left_lateral.join_type, JoinType::kLeft);
  EXPECT_TRUE(left_lateral.right->As<TableFunctionTableRef>().lateral);

  const auto& unnest =
      Select("SELECT * FROM t CROSS JOIN UNNEST(tags) AS x(tag)").from->As<JoinTableRef>();
  EXPECT_EQ(unnest.join_type, JoinType::kCross);
  const auto& unnest_ref = unnest.right->As<UnnestTableRef>();
  EXPECT_EQ(unnest_ref.args.size(), 1u);
  EXPECT_EQ(unnest_ref.alias, "x");
  EXPECT_EQ(Text("SELECT * FROM t CROSS JOIN UNNEST(tags) WITH ORDINALITY AS x(tag, i)"),
            "SELECT * FROM t CROSS JOIN UNNEST(tags) WITH ORDINALITY AS x(tag, i)");
  EXPECT_EQ(Text("SELECT * FROM t, LATERAL (SELECT * FROM u WHERE u.a = t.a) AS s"),
            "SELECT * FROM t, LATERAL (SELECT * FROM u WHERE u.a = t.a) AS s");
}

TEST(QueryParser, SubqueriesInFromAndWhere) {
  const SelectQuery& select = Select(
      "SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY pt) AS rn FROM o) "
      "WHERE rn = 1 AND k IN (SELECT k FROM hot) AND EXISTS (SELECT 1 FROM x)");
  EXPECT_TRUE(select.from->Is<SubqueryTableRef>());
  EXPECT_EQ(select.from->alias, "");
  EXPECT_EQ(Text("SELECT * FROM ((SELECT 1 AS a)) AS s"), "SELECT * FROM (SELECT 1 AS a) AS s");
}

TEST(QueryParser, NamedWindowClause) {
  const SelectQuery& select = Select(
      "SELECT SUM(a) OVER w, MAX(a) OVER w FROM t WINDOW w AS (PARTITION BY k ORDER BY ts ROWS "
      "BETWEEN 10 PRECEDING AND CURRENT ROW)");
  ASSERT_EQ(select.windows.size(), 1u);
  EXPECT_EQ(select.windows[0].name, "w");
  EXPECT_TRUE(select.windows[0].spec.frame->rows);
  EXPECT_EQ(select.select_list[0].expr->As<FunctionCallExpr>().over->reference_name, "w");
}

TEST(QueryParser, StandaloneQueryEntryPoint) {
  StatusOr<QueryPtr> query = sluice::sql::ParseQuery("SELECT a FROM t UNION SELECT b FROM u;");
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_TRUE((*query)->Is<SetOperationQuery>());
  StatusOr<QueryPtr> not_query = sluice::sql::ParseQuery("DROP TABLE t");
  ASSERT_FALSE(not_query.ok());
  EXPECT_EQ(not_query.status().message(),
            "line 1:1: unexpected 'DROP', expected a query (SELECT, VALUES or WITH)\n"
            "DROP TABLE t\n^");
  EXPECT_FALSE(sluice::sql::ParseQuery("SELECT 1; SELECT 2").ok());
}

TEST(QueryParser, RealWorldQueriesRoundTrip) {
  for (const char* sql : {
           "SELECT window_start, window_end, channel, COUNT(DISTINCT user_id) AS uv, COUNT(*) AS "
           "pv FROM TABLE(CUMULATE(TABLE app_log, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL "
           "'1' DAY)) GROUP BY window_start, window_end, channel",
           "SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end "
           "ORDER BY price DESC) AS rownum FROM (SELECT window_start, window_end, supplier_id, "
           "SUM(price) AS price, COUNT(*) AS cnt FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), "
           "INTERVAL '10' MINUTE)) GROUP BY window_start, window_end, supplier_id)) WHERE rownum "
           "<= 3",
           "SELECT o.id, s.oid FROM o, s WHERE o.id = s.oid AND o.ts BETWEEN s.ts - INTERVAL '4' "
           "HOUR AND s.ts",
           "SELECT user_id, DATE_FORMAT(ts, 'yyyy-MM-dd') AS dt, COUNT(*) FILTER (WHERE event = "
           "'click') AS clicks FROM app_log GROUP BY user_id, DATE_FORMAT(ts, 'yyyy-MM-dd')",
           "SELECT CASE WHEN amount > 100 THEN 'big' ELSE 'small' END AS size, CAST(amount AS "
           "DECIMAL(10, 2)) FROM t WHERE name LIKE 'a%' AND id NOT IN (1, 2) AND x IS NOT NULL",
       }) {
    EXPECT_EQ(Text(sql), sql);
  }
}

}  // namespace
}  // namespace sluice::sql
