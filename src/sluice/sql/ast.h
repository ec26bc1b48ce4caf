// The abstract syntax tree of the Flink SQL dialect, as produced by the parser (parser.h).
//
// Nodes are plain structs, one per kind, deriving from a small base (Expr, TableRef, Query,
// Statement) that carries the kind and the SourcePosition of the node's first token. Children are
// held by std::shared_ptr<const T>: the tree is immutable after parsing and subtrees may be shared
// (e.g. by a catalog keeping a view's query). Downcast with `node.As<BinaryExpr>()`, which checks
// the kind. Identifiers keep the case they were written in (backtick quotes removed); keywords and
// type names are stored upper-case.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/sql/sql_error.h"

namespace sluice::sql {

struct Expr;
struct Query;
struct TableRef;
struct Statement;
struct WindowSpec;
using ExprPtr = std::shared_ptr<const Expr>;
using QueryPtr = std::shared_ptr<const Query>;
using TableRefPtr = std::shared_ptr<const TableRef>;
using StatementPtr = std::shared_ptr<const Statement>;

/// Base for the per-kind node structs: `As<T>()` downcasts after checking `T::kKind`.
template <typename Kind>
struct Node {
  explicit Node(Kind k) : kind(k) {}
  virtual ~Node() = default;
  const Kind kind;
  SourcePosition pos;  // first token of the node

  template <typename T>
  const T& As() const {
    SLUICE_CHECK(kind == T::kKind) << "AST node of kind " << static_cast<int>(kind)
                                   << " accessed as kind " << static_cast<int>(T::kKind);
    return static_cast<const T&>(*this);
  }
  template <typename T>
  bool Is() const {
    return kind == T::kKind;
  }
};

/// `name` as written in SQL: back-quoted (with ` doubled) unless it is a plain identifier that
/// is not a reserved word.
std::string QuoteIdentifier(std::string_view name);

/// `value` as a SQL string literal: 'it''s'.
std::string QuoteString(std::string_view value);

/// A name with its position, for column lists (INSERT INTO t (a, b), PRIMARY KEY (a), ...).
struct Identifier {
  std::string name;
  SourcePosition pos;
};

/// A possibly qualified object name: `t`, `db.t`, `cat.db.t`.
struct QualifiedName {
  std::vector<std::string> parts;
  SourcePosition pos;
  /// Dotted form; parts that are not plain identifiers are back-quoted.
  std::string ToString() const;
  const std::string& last() const { return parts.back(); }
};

/// A `'key' = 'value'` pair of a WITH (...) clause, SET statement or hint.
struct PropertyOption {
  std::string key;
  std::string value;
  SourcePosition pos;
};

/// `/*+ NAME('k'='v', ...) */` (options) or `/*+ NAME(a, b) */` (args) or `/*+ NAME */`.
struct Hint {
  std::string name;  // upper-case
  std::vector<PropertyOption> options;
  std::vector<std::string> args;
  SourcePosition pos;
  std::string ToString() const;  // `OPTIONS('k' = 'v')`, without the comment markers
};

// ------------------------------------------------------------------------------------------------
// Types

/// A data type as written. `name` is canonical upper-case: BOOLEAN TINYINT SMALLINT INT BIGINT
/// FLOAT DOUBLE DECIMAL CHAR VARCHAR STRING BINARY VARBINARY BYTES DATE TIME TIMESTAMP
/// TIMESTAMP_LTZ ARRAY MAP MULTISET ROW (INTEGER->INT, DEC/NUMERIC->DECIMAL, DOUBLE PRECISION->
/// DOUBLE, TIMESTAMP WITH LOCAL TIME ZONE->TIMESTAMP_LTZ, TIMESTAMP WITHOUT TIME ZONE->TIMESTAMP).
struct TypeSpec {
  std::string name;
  std::vector<int> params;  // as written: length, precision, or (precision, scale); may be empty
  std::vector<TypeSpec> children;           // ARRAY/MULTISET: element; MAP: key, value; ROW: fields
  std::vector<std::string> field_names;     // ROW only, parallel to children
  std::vector<std::string> field_comments;  // ROW only, parallel to children ("" if none)
  bool nullable = true;
  SourcePosition pos;
  /// e.g. `DECIMAL(10, 2) NOT NULL`, `ROW<a INT, b STRING>`, `MAP<STRING, BIGINT>`.
  std::string ToString() const;
};

// ------------------------------------------------------------------------------------------------
// Expressions

enum class ExprKind {
  kLiteral,
  kInterval,      // INTERVAL '10' MINUTE
  kColumnRef,     // a, t.a, db.t.a (may also be a row field path: the binder resolves)
  kStar,          // *, t.* (select list, COUNT(*))
  kUnary,         // NOT x, -x, +x
  kBinary,        // arithmetic, comparison, AND/OR, ||, IS [NOT] DISTINCT FROM
  kIsPredicate,   // x IS [NOT] NULL/TRUE/FALSE/UNKNOWN
  kInList,        // x [NOT] IN (a, b)
  kInSubquery,    // x [NOT] IN (SELECT ...)
  kExists,        // EXISTS (SELECT ...)
  kSubquery,      // scalar (SELECT ...)
  kBetween,       // x [NOT] BETWEEN a AND b
  kLike,          // x [NOT] LIKE p [ESCAPE e], x [NOT] SIMILAR TO p
  kFunctionCall,  // f(args) [FILTER (WHERE ..)] [OVER ..]; also EXTRACT, TRIM, SUBSTRING, ...
  kCase,          // CASE [operand] WHEN .. THEN .. [ELSE ..] END
  kCast,          // CAST(x AS type), TRY_CAST(x AS type)
  kConstructor,   // ARRAY[..], MAP[..], ROW(..), (a, b)
  kSubscript,     // base[index]
  kFieldAccess,   // (expr).field, f(x).field
  kSymbol,        // keyword argument of a special function: YEAR in EXTRACT, BOTH in TRIM, ...
  kDescriptor,    // DESCRIPTOR(a, b)
};

struct Expr : Node<ExprKind> {
  using Node::Node;
  /// SQL-ish text that parses back to the same tree (used by EXPLAIN and in messages).
  std::string ToString() const;
};

enum class LiteralKind {
  kNull,
  kBoolean,
  kInteger,       // fits in int64
  kDecimal,       // exact numeric with a point (1.5) or an integer too large for int64; see text
  kDouble,        // approximate numeric: 1e3, 1.5E-2
  kString,        // 'it''s' -> value "it's"
  kBinary,        // X'0AFF' -> text "0AFF"
  kDate,          // DATE '2024-01-01' -> text "2024-01-01"
  kTime,          // TIME '10:00:00'
  kTimestamp,     // TIMESTAMP '2024-01-01 10:00:00.123'
  kTimestampLtz,  // TIMESTAMP_LTZ '...' (accepted, not required by Flink)
};

struct LiteralExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kLiteral;
  LiteralExpr() : Expr(kKind) {}
  LiteralKind literal_kind = LiteralKind::kNull;
  bool bool_value = false;  // kBoolean
  int64_t int_value = 0;    // kInteger
  double double_value = 0;  // kDouble (and kDecimal, approximately)
  // kDecimal/kDouble/kInteger: the digits as written ("1.50"; a leading '-' when the parser
  // folded a unary minus into the literal: `-7` is one literal); kString: the unescaped value;
  // kBinary: the hex digits; date/time kinds: the quoted text (not validated by the parser).
  std::string text;
};

enum class TimeUnit {
  kYear,
  kQuarter,
  kMonth,
  kWeek,
  kDay,
  kHour,
  kMinute,
  kSecond,
  kMillisecond,
  kMicrosecond,
  kNanosecond
};
/// "YEAR", "MONTH", ... (singular).
const char* TimeUnitName(TimeUnit unit);

/// INTERVAL 'text' start_unit [(precision)] [TO end_unit [(fraction)]].
struct IntervalExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kInterval;
  IntervalExpr() : Expr(kKind) {}
  std::string text;  // the quoted value as written, e.g. "1:30"
  TimeUnit start_unit = TimeUnit::kSecond;
  std::optional<TimeUnit> end_unit;  // HOUR TO MINUTE
  std::optional<int> precision;      // SECOND(3) / DAY(2)
  bool year_month = false;  // true: value is in months (YEAR/MONTH units); else milliseconds
  int64_t value = 0;        // months or milliseconds, sign included
};

struct ColumnRefExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kColumnRef;
  ColumnRefExpr() : Expr(kKind) {}
  std::vector<std::string> names;  // {"a"}, {"t", "a"}, {"db", "t", "a"}
};

struct StarExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kStar;
  StarExpr() : Expr(kKind) {}
  std::vector<std::string> qualifier;  // empty for `*`, {"t"} for `t.*`
};

enum class UnaryOp { kNot, kNegate, kPlus };

struct UnaryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kUnary;
  UnaryExpr() : Expr(kKind) {}
  UnaryOp op = UnaryOp::kNot;
  ExprPtr operand;
};

enum class BinaryOp {
  kOr,
  kAnd,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kIsDistinctFrom,
  kIsNotDistinctFrom,
  kPlus,
  kMinus,
  kConcat,  // ||
  kMultiply,
  kDivide,
  kModulo,
};
/// SQL spelling: "OR", "=", "<>", "IS DISTINCT FROM", "||", ...
const char* BinaryOpName(BinaryOp op);

struct BinaryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kBinary;
  BinaryExpr() : Expr(kKind) {}
  BinaryOp op = BinaryOp::kEqual;
  ExprPtr left;
  ExprPtr right;
};

enum class IsTest { kNull, kTrue, kFalse, kUnknown };

struct IsPredicateExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kIsPredicate;
  IsPredicateExpr() : Expr(kKind) {}
  ExprPtr operand;
  IsTest test = IsTest::kNull;
  bool negated = false;  // IS NOT ...
};

struct InListExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kInList;
  InListExpr() : Expr(kKind) {}
  ExprPtr operand;
  std::vector<ExprPtr> list;
  bool negated = false;
};

struct InSubqueryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kInSubquery;
  InSubqueryExpr() : Expr(kKind) {}
  ExprPtr operand;
  QueryPtr query;
  bool negated = false;
};

/// EXISTS (query); NOT EXISTS is UnaryExpr(kNot, ExistsExpr).
struct ExistsExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kExists;
  ExistsExpr() : Expr(kKind) {}
  QueryPtr query;
};

struct SubqueryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kSubquery;
  SubqueryExpr() : Expr(kKind) {}
  QueryPtr query;
};

struct BetweenExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kBetween;
  BetweenExpr() : Expr(kKind) {}
  ExprPtr operand;
  ExprPtr low;
  ExprPtr high;
  bool negated = false;
  bool symmetric = false;  // BETWEEN SYMMETRIC
};

struct LikeExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kLike;
  LikeExpr() : Expr(kKind) {}
  ExprPtr operand;
  ExprPtr pattern;
  ExprPtr escape;  // may be null
  bool negated = false;
  bool similar = false;  // SIMILAR TO instead of LIKE
};

struct OrderItem {
  ExprPtr expr;
  bool descending = false;
  enum class Nulls { kDefault, kFirst, kLast } nulls = Nulls::kDefault;
  SourcePosition pos;
  std::string ToString() const;  // `ts DESC NULLS LAST`
};

/// One end of a ROWS/RANGE frame.
struct FrameBound {
  enum class Kind { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing };
  Kind kind = Kind::kCurrentRow;
  ExprPtr offset;  // kPreceding/kFollowing: `10` or `INTERVAL '1' HOUR`
};

struct WindowFrame {
  bool rows = true;  // ROWS, else RANGE
  FrameBound start;
  FrameBound end;  // CURRENT ROW when written without BETWEEN
  SourcePosition pos;
};

/// The body of OVER (...) or of WINDOW w AS (...). `OVER w` is a spec holding only
/// reference_name; `OVER (w ORDER BY x)` refines w.
struct WindowSpec {
  std::string reference_name;
  std::vector<ExprPtr> partition_by;
  std::vector<OrderItem> order_by;
  std::optional<WindowFrame> frame;
  SourcePosition pos;
  std::string ToString() const;  // without the OVER keyword: `(PARTITION BY a ORDER BY ts)` or `w`
};

/// A function call. Special syntaxes are normalized into ordinary calls:
///   EXTRACT(YEAR FROM x)            -> EXTRACT(Symbol YEAR, x)
///   TRIM(LEADING 'x' FROM s)        -> TRIM(Symbol LEADING, 'x', s); TRIM(s) -> TRIM(BOTH, ' ', s)
///   SUBSTRING(s FROM a [FOR b])     -> SUBSTRING(s, a [, b])
///   POSITION(a IN b)                -> POSITION(a, b)
///   OVERLAY(s PLACING r FROM a [FOR b]) -> OVERLAY(s, r, a [, b])
///   CEIL/FLOOR(x TO DAY)            -> CEIL/FLOOR(x, Symbol DAY)
///   TIMESTAMPADD/TIMESTAMPDIFF(DAY, ..) -> first arg Symbol DAY
///   COUNT(*)                        -> COUNT(StarExpr)
///   CURRENT_TIMESTAMP (no parens)   -> CURRENT_TIMESTAMP() with no_parentheses = true
/// Function names are case-insensitive in Flink: compare `name` ignoring case.
struct FunctionCallExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kFunctionCall;
  FunctionCallExpr() : Expr(kKind) {}
  std::string name;  // as written for user functions; upper-case for the special forms above
  std::vector<std::string> qualifier;  // cat.db of a qualified function name; usually empty
  std::vector<ExprPtr> args;
  bool distinct = false;                   // COUNT(DISTINCT a)
  bool no_parentheses = false;             // CURRENT_TIMESTAMP, LOCALTIMESTAMP, ...
  ExprPtr filter;                          // FILTER (WHERE cond), may be null
  std::shared_ptr<const WindowSpec> over;  // OVER (...) / OVER w, may be null
};

struct CaseExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kCase;
  CaseExpr() : Expr(kKind) {}
  ExprPtr operand;  // CASE x WHEN ..., may be null
  std::vector<std::pair<ExprPtr, ExprPtr>> when_then;
  ExprPtr else_result;  // may be null
};

struct CastExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kCast;
  CastExpr() : Expr(kKind) {}
  ExprPtr operand;
  TypeSpec type;
  bool try_cast = false;
};

enum class ConstructorKind { kArray, kMap, kRow };

/// ARRAY[a, b]; MAP[k1, v1, k2, v2] (elements alternate key, value); ROW(a, b) or (a, b).
struct ConstructorExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kConstructor;
  ConstructorExpr() : Expr(kKind) {}
  ConstructorKind constructor = ConstructorKind::kRow;
  std::vector<ExprPtr> elements;
  bool implicit_row = false;  // `(a, b)` without the ROW keyword
};

struct SubscriptExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kSubscript;
  SubscriptExpr() : Expr(kKind) {}
  ExprPtr base;
  ExprPtr index;
};

struct FieldAccessExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kFieldAccess;
  FieldAccessExpr() : Expr(kKind) {}
  ExprPtr base;
  std::string field;
};

/// A keyword used as a function argument (EXTRACT unit, TRIM side, ...); `name` is upper-case.
struct SymbolExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kSymbol;
  SymbolExpr() : Expr(kKind) {}
  std::string name;
};

struct DescriptorExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kDescriptor;
  DescriptorExpr() : Expr(kKind) {}
  std::vector<Identifier> columns;
};

// ------------------------------------------------------------------------------------------------
// Table references (FROM clause)

enum class TableRefKind {
  kNamed,          // t [FOR SYSTEM_TIME AS OF e] [/*+ OPTIONS(..) */]
  kSubquery,       // (SELECT ...), [LATERAL] (SELECT ...)
  kJoin,           // a JOIN b ON .., a, b
  kTableFunction,  // TABLE(TUMBLE(...)), LATERAL TABLE(f(x))
  kUnnest,         // UNNEST(expr)
};

/// Every table ref may carry `[AS] alias [(c1, c2)]`.
struct TableRef : Node<TableRefKind> {
  using Node::Node;
  std::string alias;  // empty if none
  std::vector<Identifier> column_aliases;
  std::string ToString() const;
};

struct NamedTableRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kNamed;
  NamedTableRef() : TableRef(kKind) {}
  QualifiedName name;
  std::vector<Hint> hints;  // t /*+ OPTIONS('k'='v') */
  ExprPtr system_time;      // FOR SYSTEM_TIME AS OF <expr>, may be null
};

struct SubqueryTableRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kSubquery;
  SubqueryTableRef() : TableRef(kKind) {}
  QueryPtr query;
  bool lateral = false;
};

enum class JoinType { kInner, kLeft, kRight, kFull, kCross, kComma };
const char* JoinTypeName(JoinType type);  // "JOIN", "LEFT JOIN", ..., ","

struct JoinTableRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kJoin;
  JoinTableRef() : TableRef(kKind) {}
  JoinType join_type = JoinType::kInner;
  TableRefPtr left;
  TableRefPtr right;
  ExprPtr condition;                      // ON ..., may be null
  std::vector<Identifier> using_columns;  // USING (...)
};

/// An argument of a table function: TABLE t [PARTITION BY ..], (subquery), DESCRIPTOR(..) or
/// an ordinary expression, optionally named (`SIZE => INTERVAL '1' MINUTE`).
struct TableFunctionArg {
  enum class Kind { kTable, kDescriptor, kExpression };
  Kind kind = Kind::kExpression;
  std::string name;                    // named argument (upper-case unless back-quoted); or ""
  TableRefPtr table;                   // kTable: NamedTableRef or SubqueryTableRef
  std::vector<ExprPtr> partition_by;   // kTable: TABLE t PARTITION BY k1, k2
  std::vector<OrderItem> order_by;     // kTable: TABLE t ... ORDER BY ...
  std::vector<Identifier> descriptor;  // kDescriptor: DESCRIPTOR(ts)
  ExprPtr expr;                        // kExpression
  SourcePosition pos;
};

/// TABLE(f(args)) and LATERAL TABLE(f(args)); window TVFs are f = TUMBLE/HOP/CUMULATE/SESSION.
struct TableFunctionTableRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kTableFunction;
  TableFunctionTableRef() : TableRef(kKind) {}
  QualifiedName function;
  std::vector<TableFunctionArg> args;
  bool lateral = false;
};

struct UnnestTableRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kUnnest;
  UnnestTableRef() : TableRef(kKind) {}
  std::vector<ExprPtr> args;
  bool with_ordinality = false;
};

// ------------------------------------------------------------------------------------------------
// Queries

enum class QueryKind { kSelect, kSetOperation, kValues };

struct CommonTableExpr {
  std::string name;
  std::vector<Identifier> columns;
  QueryPtr query;
  SourcePosition pos;
};

/// Base of every query. WITH, ORDER BY and LIMIT/OFFSET/FETCH belong to the node they were written
/// on: `SELECT .. UNION SELECT .. ORDER BY x` puts order_by on the SetOperationQuery.
struct Query : Node<QueryKind> {
  using Node::Node;
  std::vector<CommonTableExpr> with;
  std::vector<OrderItem> order_by;
  ExprPtr limit;   // LIMIT n or FETCH FIRST n ROWS ONLY; may be null
  ExprPtr offset;  // OFFSET m; may be null
  std::string ToString() const;
};

struct SelectItem {
  ExprPtr expr;       // a StarExpr for `*` / `t.*`
  std::string alias;  // empty if none
  SourcePosition pos;
};

/// GROUP BY element: an expression, a parenthesized list (inside GROUPING SETS), or
/// GROUPING SETS / ROLLUP / CUBE over child elements.
struct GroupingElement {
  enum class Kind { kExpression, kList, kGroupingSets, kRollup, kCube };
  Kind kind = Kind::kExpression;
  ExprPtr expr;                           // kExpression
  std::vector<ExprPtr> list;              // kList: (a, b) or ()
  std::vector<GroupingElement> children;  // kGroupingSets/kRollup/kCube
  SourcePosition pos;
};

struct NamedWindow {
  std::string name;
  WindowSpec spec;
  SourcePosition pos;
};

struct SelectQuery : Query {
  static constexpr QueryKind kKind = QueryKind::kSelect;
  SelectQuery() : Query(kKind) {}
  std::vector<Hint> hints;  // SELECT /*+ LOOKUP(..) */
  bool distinct = false;
  std::vector<SelectItem> select_list;
  TableRefPtr from;  // may be null (SELECT 1)
  ExprPtr where;
  std::vector<GroupingElement> group_by;
  ExprPtr having;
  std::vector<NamedWindow> windows;  // WINDOW w AS (...)
};

enum class SetOp { kUnion, kIntersect, kExcept };

struct SetOperationQuery : Query {
  static constexpr QueryKind kKind = QueryKind::kSetOperation;
  SetOperationQuery() : Query(kKind) {}
  SetOp op = SetOp::kUnion;
  bool all = false;
  QueryPtr left;
  QueryPtr right;
};

struct ValuesQuery : Query {
  static constexpr QueryKind kKind = QueryKind::kValues;
  ValuesQuery() : Query(kKind) {}
  std::vector<std::vector<ExprPtr>> rows;
};

}  // namespace sluice::sql

// Statements live in their own header; include it here so that ast.h gives the whole tree.
#include "sluice/sql/ast_statement.h"  // IWYU pragma: export
