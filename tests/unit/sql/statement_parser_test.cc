// Statements, scripts, statement sets and IsStatementComplete.
#include <gtest/gtest.h>

#include "sluice/sql/parser.h"

namespace sluice::sql {
namespace {

StatementPtr Parse(std::string_view sql) {
  StatusOr<StatementPtr> statement = ParseStatement(sql);
  EXPECT_TRUE(statement.ok()) << sql << "\n" << statement.status();
  return statement.ok() ? *statement : nullptr;
}

template <typename T>
const T& ParseAs(std::string_view sql) {
  static std::vector<StatementPtr> keep_alive;
  keep_alive.push_back(Parse(sql));
  return keep_alive.back()->As<T>();
}

std::string Error(std::string_view sql) {
  StatusOr<std::vector<StatementPtr>> statements = ParseScript(sql);
  EXPECT_FALSE(statements.ok()) << sql;
  return statements.ok() ? "" : std::string(statements.status().message());
}

constexpr char kAppLog[] = R"(CREATE TABLE app_log (
  device_id   STRING,
  user_id     BIGINT NOT NULL COMMENT 'the user',
  amount      DECIMAL(18, 2),
  ts_ms       BIGINT,
  ts          AS TO_TIMESTAMP_LTZ(ts_ms, 3),                 -- computed column
  pt          AS PROCTIME(),
  k_offset    BIGINT METADATA FROM 'offset' VIRTUAL,
  `timestamp` TIMESTAMP_LTZ(3) METADATA,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,
  PRIMARY KEY (device_id, user_id) NOT ENFORCED
) COMMENT 'app events' PARTITIONED BY (device_id) WITH ('connector' = 'kafka', 'topic' = 'app_log',
        'properties.bootstrap.servers' = 'k1:9092', 'format' = 'json'))";

TEST(StatementParser, CreateTable) {
  const auto& create = ParseAs<CreateTableStatement>(kAppLog);
  EXPECT_EQ(create.name.parts, (std::vector<std::string>{"app_log"}));
  EXPECT_FALSE(create.temporary);
  ASSERT_EQ(create.columns.size(), 8u);

  const ColumnDef& user_id = create.columns[1];
  EXPECT_EQ(user_id.kind, ColumnKind::kPhysical);
  EXPECT_EQ(user_id.type.name, "BIGINT");
  EXPECT_FALSE(user_id.type.nullable);
  EXPECT_EQ(user_id.comment, "the user");
  EXPECT_EQ(user_id.pos, (SourcePosition{3, 3}));
  EXPECT_EQ(create.columns[2].type.params, (std::vector<int>{18, 2}));

  const ColumnDef& ts = create.columns[4];
  EXPECT_EQ(ts.kind, ColumnKind::kComputed);
  EXPECT_EQ(ts.expr_text, "TO_TIMESTAMP_LTZ(ts_ms, 3)");
  EXPECT_EQ(ts.expr->As<FunctionCallExpr>().name, "TO_TIMESTAMP_LTZ");

  const ColumnDef& offset = create.columns[6];
  EXPECT_EQ(offset.kind, ColumnKind::kMetadata);
  EXPECT_EQ(offset.metadata_key, "offset");
  EXPECT_TRUE(offset.is_virtual);
  const ColumnDef& timestamp = create.columns[7];
  EXPECT_EQ(timestamp.name, "timestamp");
  EXPECT_EQ(timestamp.kind, ColumnKind::kMetadata);
  EXPECT_FALSE(timestamp.metadata_key.has_value());
  EXPECT_FALSE(timestamp.is_virtual);

  ASSERT_TRUE(create.watermark.has_value());
  EXPECT_EQ(create.watermark->column.name, "ts");
  EXPECT_EQ(create.watermark->expr_text, "ts - INTERVAL '5' SECOND");
  EXPECT_EQ(create.watermark->pos, (SourcePosition{10, 3}));
  ASSERT_TRUE(create.primary_key.has_value());
  EXPECT_EQ(create.primary_key->columns.size(), 2u);
  EXPECT_EQ(create.comment, "app events");
  ASSERT_EQ(create.partitioned_by.size(), 1u);
  ASSERT_EQ(create.options.size(), 4u);
  EXPECT_EQ(create.options[0].key, "connector");
  EXPECT_EQ(create.options[0].value, "kafka");
  EXPECT_EQ(create.options[2].key, "properties.bootstrap.servers");
  EXPECT_EQ(create.options[2].pos, (SourcePosition{13, 9}));
  EXPECT_EQ(create.text, kAppLog);
}

TEST(StatementParser, PrimaryKeyForms) {
  const auto& inline_key = ParseAs<CreateTableStatement>(
      "CREATE TEMPORARY TABLE IF NOT EXISTS cat.db.t (a INT PRIMARY KEY NOT ENFORCED, b STRING) "
      "WITH ('connector' = 'datagen')");
  EXPECT_TRUE(inline_key.temporary);
  EXPECT_TRUE(inline_key.if_not_exists);
  EXPECT_EQ(inline_key.name.ToString(), "cat.db.t");
  EXPECT_TRUE(inline_key.columns[0].primary_key);
  EXPECT_FALSE(inline_key.primary_key.has_value());

  const auto& constraint = ParseAs<CreateTableStatement>(
      "CREATE TABLE t (a INT, CONSTRAINT pk PRIMARY KEY (a) NOT ENFORCED) WITH ()");
  EXPECT_EQ(constraint.primary_key->constraint_name, "pk");
  EXPECT_EQ(constraint.primary_key->columns[0].name, "a");
  EXPECT_EQ(constraint.primary_key->columns[0].pos, (SourcePosition{1, 51}));
}

TEST(StatementParser, CreateTableLikeAndAs) {
  const auto& like = ParseAs<CreateTableStatement>(
      "CREATE TABLE t2 (extra INT) WITH ('topic' = 'b') LIKE t1 (EXCLUDING ALL INCLUDING "
      "GENERATED OVERWRITING OPTIONS)");
  ASSERT_TRUE(like.like.has_value());
  EXPECT_EQ(like.like->table.last(), "t1");
  ASSERT_EQ(like.like->options.size(), 3u);
  EXPECT_EQ(like.like->options[0].mode, "EXCLUDING");
  EXPECT_EQ(like.like->options[0].feature, "ALL");
  EXPECT_EQ(like.like->options[2].mode, "OVERWRITING");
  EXPECT_EQ(ParseAs<CreateTableStatement>("CREATE TABLE t2 LIKE t1").like->options.size(), 0u);

  const auto& ctas =
      ParseAs<CreateTableStatement>("CREATE TABLE t WITH ('connector' = 'print') AS SELECT 1 AS a");
  ASSERT_NE(ctas.as_query, nullptr);
  EXPECT_TRUE(ctas.columns.empty());
}

TEST(StatementParser, CreateTableRoundTrip) {
  for (const char* sql : {
           "CREATE TABLE t (a INT NOT NULL, b AS a + 1 COMMENT 'b', c BIGINT METADATA FROM "
           "'offset' VIRTUAL, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '0.001' SECOND, "
           "PRIMARY KEY (a) NOT ENFORCED) WITH ('connector' = 'kafka')",
           "CREATE TABLE t (m MAP<STRING, ARRAY<INT>>, r ROW<x INT, y STRING>) WITH ('k' = 'v')",
       }) {
    StatementPtr statement = Parse(sql);
    ASSERT_NE(statement, nullptr);
    EXPECT_EQ(statement->ToString(), sql);
  }
}

TEST(StatementParser, CreateViewFunctionDatabaseCatalog) {
  const auto& view = ParseAs<CreateViewStatement>(
      "CREATE TEMPORARY VIEW IF NOT EXISTS v (c1, c2) AS SELECT a, b FROM t WHERE a > 1");
  EXPECT_TRUE(view.temporary);
  EXPECT_TRUE(view.if_not_exists);
  EXPECT_EQ(view.columns.size(), 2u);
  EXPECT_EQ(view.query_text, "SELECT a, b FROM t WHERE a > 1");
  EXPECT_TRUE(view.query->Is<SelectQuery>());

  const auto& function = ParseAs<CreateFunctionStatement>(
      "CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS my_udf AS 'com.acme.MyUdf' LANGUAGE java "
      "USING JAR 'hdfs:///udf.jar'");
  EXPECT_TRUE(function.temporary);
  EXPECT_TRUE(function.temporary_system);
  EXPECT_EQ(function.class_name, "com.acme.MyUdf");
  EXPECT_EQ(function.language, "JAVA");
  EXPECT_EQ(function.jars, (std::vector<std::string>{"hdfs:///udf.jar"}));

  const auto& database = ParseAs<CreateDatabaseStatement>(
      "CREATE DATABASE IF NOT EXISTS cat.db COMMENT 'x' WITH ('k' = 'v')");
  EXPECT_EQ(database.name.ToString(), "cat.db");
  EXPECT_EQ(database.options.size(), 1u);

  const auto& catalog =
      ParseAs<CreateCatalogStatement>("CREATE CATALOG my_cat WITH ('type' = 'generic_in_memory')");
  EXPECT_EQ(catalog.name.last(), "my_cat");
  EXPECT_EQ(catalog.options[0].value, "generic_in_memory");
}

TEST(StatementParser, Drop) {
  const auto& table = ParseAs<DropStatement>("DROP TABLE IF EXISTS db.t");
  EXPECT_EQ(table.object, ObjectKind::kTable);
  EXPECT_TRUE(table.if_exists);
  EXPECT_EQ(ParseAs<DropStatement>("DROP VIEW v").object, ObjectKind::kView);
  EXPECT_TRUE(ParseAs<DropStatement>("DROP TEMPORARY VIEW v").temporary);
  EXPECT_EQ(ParseAs<DropStatement>("DROP FUNCTION f").object, ObjectKind::kFunction);
  EXPECT_EQ(ParseAs<DropStatement>("DROP DATABASE d CASCADE").object, ObjectKind::kDatabase);
  EXPECT_EQ(ParseAs<DropStatement>("DROP CATALOG c").object, ObjectKind::kCatalog);
}

TEST(StatementParser, SetAndReset) {
  const auto& quoted = ParseAs<SetStatement>("SET 'table.exec.state.ttl' = '1 d'");
  EXPECT_EQ(quoted.key, "table.exec.state.ttl");
  EXPECT_EQ(quoted.value, "1 d");
  const auto& unquoted = ParseAs<SetStatement>("SET table.exec.mini-batch.enabled = true");
  EXPECT_EQ(unquoted.key, "table.exec.mini-batch.enabled");
  EXPECT_EQ(unquoted.value, "true");
  const auto& compact = ParseAs<SetStatement>("SET execution.result-mode=table;");
  EXPECT_EQ(compact.key, "execution.result-mode");
  EXPECT_EQ(compact.value, "table");
  const auto& spaced = ParseAs<SetStatement>("SET pipeline.name = my job");
  EXPECT_EQ(spaced.value, "my job");
  EXPECT_TRUE(ParseAs<SetStatement>("SET").key.empty());
  EXPECT_TRUE(ParseAs<SetStatement>("SET;").key.empty());

  EXPECT_EQ(ParseAs<ResetStatement>("RESET 'a.b'").key, "a.b");
  EXPECT_EQ(ParseAs<ResetStatement>("RESET a.b-c").key, "a.b-c");
  EXPECT_TRUE(ParseAs<ResetStatement>("RESET").key.empty());
}

TEST(StatementParser, ShowDescribeUseStop) {
  EXPECT_EQ(ParseAs<ShowStatement>("SHOW TABLES").what, ShowKind::kTables);
  EXPECT_EQ(ParseAs<ShowStatement>("SHOW VIEWS").what, ShowKind::kViews);
  EXPECT_EQ(ParseAs<ShowStatement>("SHOW FUNCTIONS").what, ShowKind::kFunctions);
  EXPECT_EQ(ParseAs<ShowStatement>("SHOW USER FUNCTIONS").what, ShowKind::kUserFunctions);
  EXPECT_EQ(ParseAs<ShowStatement>("show jobs").what, ShowKind::kJobs);
  EXPECT_EQ(ParseAs<ShowStatement>("SHOW CATALOGS").what, ShowKind::kCatalogs);
  EXPECT_EQ(ParseAs<ShowStatement>("SHOW CURRENT DATABASE").what, ShowKind::kCurrentDatabase);
  const auto& create = ParseAs<ShowStatement>("SHOW CREATE TABLE db.t");
  EXPECT_EQ(create.what, ShowKind::kCreateTable);
  EXPECT_EQ(create.name.ToString(), "db.t");
  const auto& like = ParseAs<ShowStatement>("SHOW TABLES FROM db NOT LIKE 'tmp%'");
  EXPECT_EQ(like.name.last(), "db");
  EXPECT_TRUE(like.not_like);
  EXPECT_EQ(like.like_pattern, "tmp%");

  EXPECT_EQ(ParseAs<DescribeStatement>("DESCRIBE t").name.last(), "t");
  EXPECT_EQ(ParseAs<DescribeStatement>("DESC db.t").name.ToString(), "db.t");
  EXPECT_TRUE(ParseAs<DescribeStatement>("DESCRIBE EXTENDED t").extended);

  EXPECT_TRUE(ParseAs<UseStatement>("USE CATALOG my_cat").catalog);
  const auto& use_db = ParseAs<UseStatement>("USE db1");
  EXPECT_FALSE(use_db.catalog);
  EXPECT_EQ(use_db.name.last(), "db1");
  EXPECT_EQ(ParseAs<UseStatement>("USE catalog").name.last(), "catalog");  // a database named so

  const auto& stop = ParseAs<StopJobStatement>("STOP JOB 'a1b2' WITH SAVEPOINT WITH DRAIN");
  EXPECT_EQ(stop.job_id, "a1b2");
  EXPECT_TRUE(stop.with_savepoint);
  EXPECT_TRUE(stop.with_drain);
  EXPECT_FALSE(ParseAs<StopJobStatement>("STOP JOB 'x'").with_savepoint);
}

TEST(StatementParser, Insert) {
  const auto& insert = ParseAs<InsertStatement>(
      "INSERT INTO db.sink /*+ OPTIONS('sink.parallelism'='2') */ (a, b) SELECT x, y FROM src");
  EXPECT_FALSE(insert.overwrite);
  EXPECT_EQ(insert.table.ToString(), "db.sink");
  ASSERT_EQ(insert.hints.size(), 1u);
  ASSERT_EQ(insert.columns.size(), 2u);
  EXPECT_EQ(insert.columns[1].name, "b");
  EXPECT_TRUE(insert.query->Is<SelectQuery>());

  const auto& overwrite = ParseAs<InsertStatement>(
      "INSERT OVERWRITE t PARTITION (dt = '2024-01-01', h = 1) SELECT * FROM s");
  EXPECT_TRUE(overwrite.overwrite);
  ASSERT_EQ(overwrite.partition.size(), 2u);
  EXPECT_EQ(overwrite.partition[0].first.name, "dt");

  const auto& values = ParseAs<InsertStatement>("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
  EXPECT_TRUE(values.query->Is<ValuesQuery>());
  const auto& parenthesized = ParseAs<InsertStatement>("INSERT INTO t (SELECT 1)");
  EXPECT_TRUE(parenthesized.columns.empty());
  const auto& with = ParseAs<InsertStatement>("INSERT INTO t WITH x AS (SELECT 1) SELECT * FROM x");
  EXPECT_EQ(with.query->with.size(), 1u);
}

TEST(StatementParser, StatementSets) {
  const auto& execute = ParseAs<StatementSetStatement>(
      "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT * FROM s; INSERT INTO b SELECT * FROM s; "
      "END;");
  ASSERT_EQ(execute.inserts.size(), 2u);
  EXPECT_EQ(execute.inserts[1]->table.last(), "b");
  EXPECT_EQ(execute.inserts[1]->text, "INSERT INTO b SELECT * FROM s");

  StatusOr<std::vector<StatementPtr>> script = ParseScript(
      "SET 'a' = 'b';\n"
      "BEGIN STATEMENT SET;\n"
      "INSERT INTO a SELECT * FROM s;\n"
      "INSERT INTO b SELECT * FROM s;\n"
      "END;\n"
      "SELECT 1");
  ASSERT_TRUE(script.ok()) << script.status();
  ASSERT_EQ(script->size(), 3u);
  const StatementPtr& set = (*script)[1];
  ASSERT_EQ(set->kind, StatementKind::kStatementSet);
  EXPECT_EQ(set->As<StatementSetStatement>().inserts.size(), 2u);
  EXPECT_EQ(set->pos, (SourcePosition{2, 1}));
  EXPECT_EQ(set->text,
            "BEGIN STATEMENT SET;\nINSERT INTO a SELECT * FROM s;\nINSERT INTO b SELECT * FROM "
            "s;\nEND");
  EXPECT_EQ(set->As<StatementSetStatement>().inserts[0]->pos, (SourcePosition{3, 1}));

  const auto& explained =
      ParseAs<ExplainStatement>("EXPLAIN STATEMENT SET BEGIN INSERT INTO a SELECT 1; END");
  EXPECT_EQ(explained.statement->kind, StatementKind::kStatementSet);
}

TEST(StatementParser, StatementSetErrors) {
  EXPECT_EQ(Error("BEGIN STATEMENT SET;\nSELECT 1;\nEND;"),
            "line 2:1: Only INSERT statement is allowed in Statement Set.\nSELECT 1;\n^");
  EXPECT_EQ(Error("EXECUTE STATEMENT SET BEGIN CREATE TABLE t (a INT); END"),
            "line 1:29: Only INSERT statement is allowed in Statement Set.\n"
            "EXECUTE STATEMENT SET BEGIN CREATE TABLE t (a INT); END\n"
            "                            ^");
  EXPECT_EQ(Error("SELECT 1;\nEND;"),
            "line 2:1: No Statement Set to submit, 'END' statement should be used after 'BEGIN "
            "STATEMENT SET'.\nEND;\n^");
  EXPECT_EQ(Error("BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;"),
            "line 2:24: unexpected end of input, expected 'END;' closing BEGIN STATEMENT SET\n"
            "INSERT INTO a SELECT 1;\n                       ^");
}

TEST(StatementParser, Explain) {
  const auto& plan_for = ParseAs<ExplainStatement>("EXPLAIN PLAN FOR SELECT * FROM t");
  EXPECT_EQ(plan_for.statement->kind, StatementKind::kQuery);
  EXPECT_EQ(plan_for.statement->text, "SELECT * FROM t");
  const auto& insert = ParseAs<ExplainStatement>("EXPLAIN INSERT INTO s SELECT * FROM t");
  EXPECT_EQ(insert.statement->kind, StatementKind::kInsert);
  const auto& details =
      ParseAs<ExplainStatement>("EXPLAIN CHANGELOG_MODE, ESTIMATED_COST SELECT 1");
  EXPECT_EQ(details.details, (std::vector<std::string>{"CHANGELOG_MODE", "ESTIMATED_COST"}));
  EXPECT_EQ(
      ParseAs<ExplainStatement>("EXPLAIN EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END")
          .statement->kind,
      StatementKind::kStatementSet);
  EXPECT_EQ(Error("EXPLAIN DROP TABLE t"),
            "line 1:9: EXPLAIN supports only queries, INSERT and STATEMENT SET\n"
            "EXPLAIN DROP TABLE t\n        ^");
}

TEST(ScriptParser, SplitsStatementsWithTextAndPositions) {
  std::string_view script =
      "-- leading comment\n"
      "SET 'k' = 'v';;\n"
      "  SELECT ';' AS semi FROM t /* ; */ ;\n"
      "DROP TABLE x";
  StatusOr<std::vector<StatementPtr>> statements = ParseScript(script);
  ASSERT_TRUE(statements.ok()) << statements.status();
  ASSERT_EQ(statements->size(), 3u);
  EXPECT_EQ((*statements)[0]->text, "SET 'k' = 'v'");
  EXPECT_EQ((*statements)[0]->pos, (SourcePosition{2, 1}));
  EXPECT_EQ((*statements)[1]->text, "SELECT ';' AS semi FROM t");
  EXPECT_EQ((*statements)[1]->pos, (SourcePosition{3, 3}));
  EXPECT_EQ((*statements)[2]->text, "DROP TABLE x");
  StatusOr<std::vector<StatementPtr>> empty = ParseScript("  -- nothing\n ;; ");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(ScriptParser, ParseStatementWantsExactlyOne) {
  StatusOr<StatementPtr> two = ParseStatement("SELECT 1; SELECT 2");
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.status().message(),
            "line 1:11: expected a single statement, found more after ';'\nSELECT 1; SELECT 2\n"
            "          ^");
  EXPECT_FALSE(ParseStatement("").ok());
}

TEST(IsStatementComplete, Basics) {
  EXPECT_FALSE(IsStatementComplete(""));
  EXPECT_FALSE(IsStatementComplete("SELECT 1"));
  EXPECT_TRUE(IsStatementComplete("SELECT 1;"));
  EXPECT_TRUE(IsStatementComplete("SELECT 1;  \n"));
  EXPECT_TRUE(IsStatementComplete("SELECT 1; -- done\n"));
  EXPECT_FALSE(IsStatementComplete("SELECT ';"));
  EXPECT_FALSE(IsStatementComplete("SELECT 'a;' "));
  EXPECT_FALSE(IsStatementComplete("SELECT 1 /* ; "));
  EXPECT_FALSE(IsStatementComplete("SELECT 1 -- ;"));
  EXPECT_FALSE(IsStatementComplete("SELECT `a;"));
  EXPECT_TRUE(IsStatementComplete("SELECT #;"));  // lexical error: let the parser report it
}

TEST(IsStatementComplete, StatementSets) {
  EXPECT_FALSE(IsStatementComplete("BEGIN STATEMENT SET;"));
  EXPECT_FALSE(IsStatementComplete("BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;"));
  EXPECT_TRUE(IsStatementComplete("BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nEND;"));
  EXPECT_FALSE(IsStatementComplete("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1;"));
  EXPECT_TRUE(IsStatementComplete("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END;"));
  EXPECT_TRUE(IsStatementComplete("END;"));  // complete; the parser reports the stray END
}

TEST(StatementParser, ToStringRoundTrips) {
  for (const char* sql : {
           "CREATE TEMPORARY VIEW v (a) AS SELECT 1",
           "CREATE FUNCTION f AS 'com.x.F' LANGUAGE JAVA",
           "DROP TABLE IF EXISTS t",
           "SET 'k' = 'v'",
           "RESET 'k'",
           "SHOW TABLES",
           "DESCRIBE t",
           "USE CATALOG c",
           "STOP JOB 'x' WITH SAVEPOINT",
           "INSERT INTO t (a) SELECT 1",
           "EXPLAIN INSERT INTO t SELECT 1",
           "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END",
       }) {
    StatementPtr statement = Parse(sql);
    ASSERT_NE(statement, nullptr);
    EXPECT_EQ(statement->ToString(), sql);
  }
}

}  // namespace
}  // namespace sluice::sql
