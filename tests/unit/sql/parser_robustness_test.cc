// The parser never crashes: every prefix of real statements, random bytes, token soup and
// mutations give either a tree or an InvalidArgument "line L:C: ..." error. Trees that parse
// print (ToString) to SQL that parses again.
#include <gtest/gtest.h>

#include <random>

#include "sluice/sql/parser.h"

namespace sluice::sql {
namespace {

constexpr const char* kScripts[] = {
    R"(CREATE TEMPORARY TABLE IF NOT EXISTS app_log (
  device_id STRING, user_id BIGINT NOT NULL COMMENT 'u', amount DECIMAL(18, 2),
  ts AS TO_TIMESTAMP_LTZ(ts_ms, 3), pt AS PROCTIME(),
  k_offset BIGINT METADATA FROM 'offset' VIRTUAL, tags ARRAY<STRING>, m MAP<STRING, ROW<a INT>>,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND, PRIMARY KEY (device_id) NOT ENFORCED
) COMMENT 'c' PARTITIONED BY (device_id) WITH ('connector' = 'kafka', 'format' = 'json')
  LIKE base (EXCLUDING ALL INCLUDING GENERATED);)",
    R"(INSERT INTO uv_sink /*+ OPTIONS('sink.parallelism'='2') */
SELECT /*+ STATE_TTL('o'='1d') */ window_start, window_end, channel,
  COUNT(DISTINCT user_id) FILTER (WHERE event = 'click') AS uv, COUNT(*) AS pv
FROM TABLE(CUMULATE(DATA => TABLE app_log, TIMECOL => DESCRIPTOR(ts),
  STEP => INTERVAL '1' MINUTES, SIZE => INTERVAL '1' DAY, `OFFSET` => INTERVAL '0' SECOND))
GROUP BY window_start, window_end, GROUPING SETS ((channel), ());)",
    R"(WITH ranked AS (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts DESC NULLS LAST) AS rn FROM o
)
SELECT o.id, CAST(o.amount AS DECIMAL(10, 2)), CASE WHEN a > 1 THEN 'x' ELSE 'y' END,
  EXTRACT(HOUR FROM o.ts), TRIM(BOTH 'x' FROM s), SUBSTRING(s FROM 1 FOR 2), POSITION('a' IN s),
  ARRAY[1, 2][1], MAP['k', 1], ROW(1, 'a'), -1.5e3, X'0A', DATE '2024-01-01', u.name
FROM ranked AS o
LEFT JOIN dim FOR SYSTEM_TIME AS OF o.pt AS u ON o.uid = u.id
CROSS JOIN UNNEST(o.tags) AS t(tag), LATERAL TABLE(split(o.s)) AS w(word)
WHERE o.rn = 1 AND o.k NOT IN (SELECT k FROM hot) AND o.x BETWEEN 1 AND 10
  AND o.s NOT LIKE 'a%' ESCAPE '!' AND o.y IS NOT NULL AND EXISTS (SELECT 1 FROM z)
UNION ALL SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(a, b)
ORDER BY 1 DESC LIMIT 10 OFFSET 2;)",
    R"(BEGIN STATEMENT SET;
INSERT INTO a SELECT SUM(x) OVER w FROM t WINDOW w AS (PARTITION BY k ORDER BY ts
  RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW);
INSERT INTO b SELECT TUMBLE_START(ts, INTERVAL '1' MINUTE) FROM t GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE);
END;
EXECUTE STATEMENT SET BEGIN INSERT INTO c SELECT 1; END;
SET 'table.exec.state.ttl' = '1 d'; SET a.b-c=d; RESET; SHOW TABLES; DESC t; USE CATALOG c;
EXPLAIN PLAN FOR SELECT 1; STOP JOB 'x' WITH SAVEPOINT; DROP VIEW IF EXISTS v;
CREATE VIEW v (a) AS SELECT 1; CREATE FUNCTION f AS 'c' LANGUAGE JAVA;)",
};

void ExpectSane(std::string_view sql) {
  StatusOr<std::vector<StatementPtr>> statements = ParseScript(sql);
  if (!statements.ok()) {
    ASSERT_EQ(statements.status().code(), absl::StatusCode::kInvalidArgument) << sql;
    ASSERT_EQ(statements.status().message().substr(0, 5), "line ") << sql;
    return;
  }
  for (const StatementPtr& statement : *statements) {
    std::string text = statement->ToString();
    StatusOr<std::vector<StatementPtr>> again = ParseScript(text);
    ASSERT_TRUE(again.ok()) << "input:\n"
                            << sql << "\nprinted:\n"
                            << text << "\n"
                            << again.status();
    ASSERT_EQ(again->size(), 1u) << text;
    EXPECT_EQ((*again)[0]->ToString(), text);
  }
  (void)IsStatementComplete(sql);
}

TEST(ParserRobustness, EveryPrefixOfRealScripts) {
  for (const char* script : kScripts) {
    std::string_view sql(script);
    ASSERT_TRUE(ParseScript(sql).ok()) << ParseScript(sql).status();
    for (size_t length = 0; length <= sql.size(); ++length) ExpectSane(sql.substr(0, length));
  }
}

TEST(ParserRobustness, EverySuffixOfRealScripts) {
  for (const char* script : kScripts) {
    std::string_view sql(script);
    for (size_t start = 0; start <= sql.size(); ++start) ExpectSane(sql.substr(start));
  }
}

TEST(ParserRobustness, RandomBytes) {
  std::mt19937 random(42);
  for (int i = 0; i < 3000; ++i) {
    std::string bytes(random() % 64, '\0');
    for (char& c : bytes) c = static_cast<char>(random() % 256);
    ExpectSane(bytes);
  }
}

TEST(ParserRobustness, TokenSoup) {
  static constexpr const char* kWords[] = {
      "SELECT",     "FROM",      "WHERE",   "GROUP",   "BY",      "ORDER",
      "LIMIT",      "(",         ")",       ",",       ";",       "a",
      "t.b",        "1",         "'s'",     "*",       "+",       "-",
      "=",          "AND",       "OR",      "NOT",     "IN",      "IS",
      "NULL",       "CASE",      "WHEN",    "THEN",    "END",     "CAST",
      "AS",         "INT",       "JOIN",    "ON",      "TABLE",   "TUMBLE",
      "DESCRIPTOR", "INTERVAL",  "'1'",     "MINUTE",  "OVER",    "PARTITION",
      "UNION",      "ALL",       "VALUES",  "WITH",    "INSERT",  "INTO",
      "CREATE",     "WATERMARK", "FOR",     "PRIMARY", "KEY",     "BEGIN",
      "STATEMENT",  "SET",       "EXECUTE", "[",       "]",       "ARRAY",
      "MAP",        "ROW",       "<",       ">",       "=>",      "/*+ OPTIONS('a'='b') */",
      "LATERAL",    "UNNEST",    "EXISTS",  "BETWEEN", "LIKE",    "DISTINCT",
      "EXPLAIN",    "SHOW",      "TABLES",  "DROP",    "IF",      "ROWS",
      "RANGE",      "PRECEDING", "CURRENT", "TRIM",    "EXTRACT", "YEAR",
      "FILTER",     "GROUPING",  "SETS",    ".",
  };
  std::mt19937 random(7);
  for (int i = 0; i < 20000; ++i) {
    std::string sql;
    int length = 1 + random() % 24;
    for (int j = 0; j < length; ++j) {
      sql += kWords[random() % std::size(kWords)];
      sql += ' ';
    }
    ExpectSane(sql);
  }
}

TEST(ParserRobustness, TokenDeletionsAndDuplications) {
  for (const char* script : kScripts) {
    std::string sql(script);
    std::vector<size_t> word_starts;
    for (size_t i = 0; i < sql.size(); ++i) {
      if (sql[i] != ' ' && (i == 0 || sql[i - 1] == ' ' || sql[i - 1] == '\n')) {
        word_starts.push_back(i);
      }
    }
    for (size_t start : word_starts) {
      size_t end = sql.find_first_of(" \n", start);
      if (end == std::string::npos) end = sql.size();
      ExpectSane(sql.substr(0, start) + sql.substr(end));
      ExpectSane(sql.substr(0, end) + " " + sql.substr(start));
    }
  }
}

}  // namespace
}  // namespace sluice::sql
