// Statement nodes of the AST (see ast.h for the conventions: plain structs per kind, shared_ptr
// children, `As<T>()` downcasts, positions on every node). Included by ast.h.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sluice/sql/ast.h"

namespace sluice::sql {

enum class StatementKind {
  kQuery,
  kInsert,
  kStatementSet,
  kCreateTable,
  kCreateView,
  kCreateFunction,
  kCreateDatabase,
  kCreateCatalog,
  kDrop,
  kSet,
  kReset,
  kShow,
  kDescribe,
  kExplain,
  kUse,
  kStopJob,
};

struct Statement : Node<StatementKind> {
  using Node::Node;
  std::string text;  // this statement's source, trimmed, without the trailing ';'
  std::string ToString() const;
};

struct QueryStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kQuery;
  QueryStatement() : Statement(kKind) {}
  QueryPtr query;
};

struct InsertStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kInsert;
  InsertStatement() : Statement(kKind) {}
  bool overwrite = false;
  QualifiedName table;
  std::vector<Hint> hints;                                // INSERT INTO t /*+ OPTIONS(..) */
  std::vector<std::pair<Identifier, ExprPtr>> partition;  // PARTITION (dt = '2024-01-01')
  std::vector<Identifier> columns;                        // empty: all columns
  QueryPtr query;
};

/// EXECUTE STATEMENT SET BEGIN ...; END and the client form BEGIN STATEMENT SET; ... END;
struct StatementSetStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kStatementSet;
  StatementSetStatement() : Statement(kKind) {}
  std::vector<std::shared_ptr<const InsertStatement>> inserts;
};

enum class ColumnKind { kPhysical, kMetadata, kComputed };

struct ColumnDef {
  std::string name;
  ColumnKind kind = ColumnKind::kPhysical;
  TypeSpec type;                            // kPhysical, kMetadata
  bool primary_key = false;                 // inline `PRIMARY KEY NOT ENFORCED`
  std::optional<std::string> metadata_key;  // kMetadata: FROM 'key' (nullopt: the column name)
  bool is_virtual = false;                  // kMetadata: VIRTUAL
  ExprPtr expr;                             // kComputed
  std::string expr_text;                    // kComputed: the expression's source text
  std::string comment;
  SourcePosition pos;
};

struct WatermarkDef {
  Identifier column;  // WATERMARK FOR <column> (may be a nested path a.b: joined with '.')
  ExprPtr expr;
  std::string expr_text;  // the expression's source text
  SourcePosition pos;
};

struct PrimaryKeyDef {
  std::string constraint_name;  // CONSTRAINT n, or ""
  std::vector<Identifier> columns;
  SourcePosition pos;
};

/// LIKE other (INCLUDING ALL, EXCLUDING OPTIONS, OVERWRITING WATERMARKS, ...).
struct LikeClause {
  struct Option {
    std::string mode;     // INCLUDING | EXCLUDING | OVERWRITING
    std::string feature;  // ALL | CONSTRAINTS | PARTITIONS | GENERATED | OPTIONS | WATERMARKS
  };
  QualifiedName table;
  std::vector<Option> options;
  SourcePosition pos;
};

struct CreateTableStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateTable;
  CreateTableStatement() : Statement(kKind) {}
  bool temporary = false;
  bool if_not_exists = false;
  bool or_replace = false;  // CREATE OR REPLACE TABLE ... AS
  QualifiedName name;
  std::vector<ColumnDef> columns;
  std::optional<WatermarkDef> watermark;
  std::optional<PrimaryKeyDef> primary_key;  // table constraint (inline keys set ColumnDef)
  std::string comment;
  std::vector<Identifier> partitioned_by;
  std::vector<PropertyOption> options;  // WITH (...)
  std::optional<LikeClause> like;
  QueryPtr as_query;  // CREATE TABLE ... AS SELECT; may be null
};

struct CreateViewStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateView;
  CreateViewStatement() : Statement(kKind) {}
  bool temporary = false;
  bool if_not_exists = false;
  QualifiedName name;
  std::vector<Identifier> columns;
  std::string comment;
  QueryPtr query;
  std::string query_text;  // the query's source text
};

struct CreateFunctionStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateFunction;
  CreateFunctionStatement() : Statement(kKind) {}
  bool temporary = false;
  bool temporary_system = false;
  bool if_not_exists = false;
  QualifiedName name;
  std::string class_name;
  std::string language;           // upper-case, "" if not given
  std::vector<std::string> jars;  // USING JAR '...'
};

struct CreateDatabaseStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateDatabase;
  CreateDatabaseStatement() : Statement(kKind) {}
  bool if_not_exists = false;
  QualifiedName name;
  std::string comment;
  std::vector<PropertyOption> options;
};

struct CreateCatalogStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateCatalog;
  CreateCatalogStatement() : Statement(kKind) {}
  bool if_not_exists = false;
  QualifiedName name;
  std::vector<PropertyOption> options;
};

enum class ObjectKind { kTable, kView, kFunction, kDatabase, kCatalog };

struct DropStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kDrop;
  DropStatement() : Statement(kKind) {}
  ObjectKind object = ObjectKind::kTable;
  bool temporary = false;
  bool if_exists = false;
  QualifiedName name;
};

/// SET 'k' = 'v' / SET k = v / SET (key empty: list all).
struct SetStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kSet;
  SetStatement() : Statement(kKind) {}
  std::string key;
  std::string value;
};

/// RESET 'k' / RESET (key empty: reset all).
struct ResetStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kReset;
  ResetStatement() : Statement(kKind) {}
  std::string key;
};

enum class ShowKind {
  kTables,
  kViews,
  kFunctions,
  kUserFunctions,
  kJobs,
  kCatalogs,
  kDatabases,
  kCurrentCatalog,
  kCurrentDatabase,
  kCreateTable,
  kCreateView,
  kColumns,
  kModules,
};

struct ShowStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kShow;
  ShowStatement() : Statement(kKind) {}
  ShowKind what = ShowKind::kTables;
  QualifiedName name;        // SHOW CREATE TABLE t / SHOW COLUMNS FROM t / SHOW TABLES FROM db
  std::string like_pattern;  // SHOW TABLES [NOT] LIKE 'p'; "" if none
  bool not_like = false;
};

struct DescribeStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kDescribe;
  DescribeStatement() : Statement(kKind) {}
  bool extended = false;
  QualifiedName name;
};

struct ExplainStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kExplain;
  ExplainStatement() : Statement(kKind) {}
  std::vector<std::string> details;  // ESTIMATED_COST, CHANGELOG_MODE, JSON_EXECUTION_PLAN, ...
  StatementPtr statement;            // a query, INSERT or statement set
};

struct UseStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kUse;
  UseStatement() : Statement(kKind) {}
  bool catalog = false;  // USE CATALOG c
  QualifiedName name;
};

struct StopJobStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kStopJob;
  StopJobStatement() : Statement(kKind) {}
  std::string job_id;
  bool with_savepoint = false;
  bool with_drain = false;
};

}  // namespace sluice::sql
