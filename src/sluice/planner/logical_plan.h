// The plan: an immutable tree of relational nodes built by the binder, rewritten by the optimizer
// and mapped one node to one operator by the job-graph builder. Every node knows its output
// schema; `changelog` is filled in by changelog-mode inference (changelog_inference.h).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sluice/catalog/catalog_table.h"
#include "sluice/expr/expression.h"
#include "sluice/types/changelog_mode.h"
#include "sluice/types/schema.h"

namespace sluice::planner {

enum class NodeKind {
  kScan,
  kValues,
  kCalc,
  kWatermarkAssigner,
  kWindowTableFunction,
  kAggregate,
  kWindowAggregate,
  kUnion,
  kSort,
  kSink,
  kRank,           // ROW_NUMBER() OVER (...) with its filter: Top-N, window Top-N
  kDeduplicate,    // ROW_NUMBER() = 1 ordered by a time attribute, window deduplication
  kOverAggregate,  // agg(x) OVER (PARTITION BY .. ORDER BY time ROWS|RANGE ..)
};

/// Windows before a key's newest one that compact window deduplication (PlanNode::compact_window)
/// tracks in its bitmap; the planner picks it only for watermark delays within them.
constexpr int64_t kCompactWindowBitmap = 64;

struct PlanNode;
using PlanPtr = std::shared_ptr<const PlanNode>;

enum class AggregateKind {
  kCount,
  kCountStar,
  kSum,
  kMin,
  kMax,
  kAvg,
  kFirstValue,
  kLastValue,
  kListAgg,
  kApproxCountDistinct,
};

struct AggregateCall {
  AggregateKind kind = AggregateKind::kCount;
  int argument = -1;  // input column, -1 for COUNT(*)
  bool distinct = false;
  int filter = -1;  // input BOOLEAN column of FILTER (WHERE ...), or -1
  std::string separator = ",";  // LISTAGG: the character literal between values
  types::DataType result_type;
  std::string name;  // output field name
  /// "COUNT(DISTINCT $1) FILTER $3" with input names when `input` is given.
  std::string ToString(const types::Schema* input) const;
};

enum class WindowKind { kTumble, kHop, kCumulate, kSession };

struct WindowSpec {
  WindowKind kind = WindowKind::kTumble;
  int64_t size = 0;    // micros (TUMBLE size, HOP size, CUMULATE max size, SESSION gap)
  int64_t slide = 0;   // micros (HOP slide, CUMULATE step)
  int64_t offset = 0;  // micros
  bool ltz = false;    // the time column is TIMESTAMP_LTZ: align in the local time zone
  /// SESSION: PARTITION BY columns of the window table function's input.
  std::vector<int> partition_keys;
  /// Emit strategy of legacy group windows (Flink's WindowEmitStrategy), micros: -1 = off, 0 =
  /// on every element, > 0 = processing-time delay.
  int64_t early_fire_delay = -1;
  int64_t late_fire_delay = -1;
  int64_t allow_lateness = 0;  // how long a fired window keeps its state for late rows
  /// Whether results are updated after their first emission (then the output is a changelog).
  bool ProducesUpdates() const {
    return allow_lateness > 0 || early_fire_delay >= 0 || late_fire_delay >= 0;
  }
  std::string ToString() const;
};

struct SortKey {
  int column = 0;
  bool descending = false;
  bool nulls_first = false;
};

/// The frame of an OVER aggregation: from `preceding` rows (ROWS) or microseconds (RANGE)
/// before the current row up to the current row; preceding = -1 is UNBOUNDED PRECEDING.
struct OverFrame {
  bool rows = true;
  int64_t preceding = -1;
  std::string ToString() const;
};

struct PlanNode {
  NodeKind kind;
  types::SchemaPtr schema;  // output
  std::vector<PlanPtr> inputs;
  types::ChangelogMode changelog;

  // kScan: the catalog table; the scan produces physical then metadata columns.
  std::shared_ptr<const catalog::CatalogTable> table;
  std::vector<std::pair<std::string, std::string>> dynamic_options;  // OPTIONS hint
  bool bounded = false;
  /// Projection push-down: the physical columns (indexes among the table's physical columns)
  /// the scan produces, then all metadata columns; empty = every physical column.
  std::vector<int> projection;

  // kValues: rows of literals.
  std::vector<std::vector<types::Value>> rows;

  // kCalc: projections over the input, optional condition applied first.
  std::vector<expr::ExprPtr> projections;
  expr::ExprPtr condition;

  // kWatermarkAssigner: rowtime column and watermark expression over the input.
  int rowtime_column = -1;
  expr::ExprPtr watermark;

  // kWindowTableFunction / kWindowAggregate: window and the time column of the input.
  WindowSpec window;
  int time_column = -1;

  // kAggregate / kWindowAggregate.
  std::vector<int> group_keys;  // input columns
  std::vector<AggregateCall> aggregates;

  // kSort: keys, LIMIT/OFFSET (-1 = none).
  std::vector<SortKey> sort_keys;
  int64_t limit = -1;
  int64_t offset = 0;

  // kRank / kDeduplicate / kOverAggregate: PARTITION BY columns of the input; the ORDER BY is in
  // sort_keys (kDeduplicate, kOverAggregate: one key, also in time_column).
  std::vector<int> partition_keys;
  // kRank: the ROW_NUMBER range [rank_start, rank_end] taken from the enclosing filter
  // (rank_end = -1 until the optimizer has found it); with output_rank_number the rank (BIGINT)
  // follows the input's columns.
  int64_t rank_start = 1;
  int64_t rank_end = -1;
  bool output_rank_number = false;
  // kRank over updates: the input's unique key when Flink's update-fast strategy applies (every
  // sort key moves one way as the rows of that key update); empty for the retract strategy.
  std::vector<int> rank_unique_key;
  // kDeduplicate: keep the last row per key (ORDER BY time DESC) instead of the first.
  bool keep_last = false;
  // kRank / kDeduplicate over window TVF or window aggregation output: the input's window_start
  // and window_end columns (results are final when the watermark passes window_end); else -1.
  int window_start_column = -1;
  int window_end_column = -1;
  // kDeduplicate over TUMBLE windows, keeping the first row, whose consumers read only the window
  // columns and partition keys: runs as CompactWindowDeduplicate (per key the newest window and a
  // bitmap of the kCompactWindowBitmap windows before it) instead of a row per key and open window.
  bool compact_window = false;
  // kOverAggregate: the frame; `aggregates` holds the calls, appended after the input columns.
  OverFrame frame;
  // kRank: the SQL error (with line:column) reported if the optimizer finds no rank filter.
  std::string deferred_error;

  // kSink: the target (table == nullptr means the client's result collector).
  std::shared_ptr<const catalog::CatalogTable> sink_table;
  std::string sink_name;

  /// One line: "Calc(select=[a, +(b, 1) AS c], where=[>(a, 10)])".
  std::string Describe() const;
  /// State tables this node keeps (for EXPLAIN): "groups: key=(page) value=(count, sum)".
  std::vector<std::string> StateTables() const;
  std::string KindName() const;
};

/// Creates a node; `schema` must be set by the caller.
std::shared_ptr<PlanNode> NewNode(NodeKind kind, std::vector<PlanPtr> inputs);

/// Multi-line tree rendering, children indented by two spaces ("+- " as Flink does).
/// With `details`, adds changelogMode and state tables.
std::string PlanToString(const PlanPtr& root, bool details);

}  // namespace sluice::planner
