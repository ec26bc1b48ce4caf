// The plan: an immutable tree of relational nodes built by the binder, rewritten by the optimizer
// and mapped one node to one operator by the job-graph builder. Every node knows its output
// schema; `changelog` is filled in by changelog-mode inference (changelog_inference.h).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sluice/catalog/catalog_table.h"
#include "sluice/common/status.h"
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
  kJoin,           // regular join of two inputs: a JOIN b ON ..., a LEFT JOIN b ON ..., a, b
};

/// A regular join's type; the outer sides' columns become nullable.
enum class JoinKind { kInner, kLeft, kRight, kFull };

/// kAggregate: one phase, or a half of two-phase (local/global) aggregation. The local half
/// outputs the group keys, a "$row_count" BIGINT and one VARBINARY partial accumulator per
/// aggregate; the global half groups by the leading key columns of that and merges partials.
enum class AggregatePhase { kSingle, kLocal, kGlobal };

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

/// "COUNT", "SUM", ... as the call is written in SQL.
std::string AggregateName(AggregateKind kind);

struct AggregateCall {
  AggregateKind kind = AggregateKind::kCount;
  int argument = -1;  // input column, -1 for COUNT(*)
  bool distinct = false;
  int filter = -1;              // input BOOLEAN column of FILTER (WHERE ...), or -1
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
  AggregatePhase aggregate_phase = AggregatePhase::kSingle;  // kAggregate

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
  // kJoin: inputs[0] is the left side, inputs[1] the right; output = left columns then right
  // columns. Equality conditions between a left and a right column are the keys (left_keys[i]
  // = right_keys[i], input column indexes; NULL never matches); `condition` holds the rest of the
  // ON condition over the output columns, or null.
  JoinKind join_kind = JoinKind::kInner;
  std::vector<int> left_keys;
  std::vector<int> right_keys;
  // kJoin between rowtime attributes (an interval join): the left and right input time columns
  // and the bounds lower <= left time - right time <= upper (micros), taken out of `condition`;
  // interval_left_time = -1 for a regular join.
  int interval_left_time = -1;
  int interval_right_time = -1;
  int64_t interval_lower = 0;
  int64_t interval_upper = 0;
  bool IsIntervalJoin() const { return interval_left_time >= 0; }
  // kJoin whose keys include both sides' window_start and window_end (a window join): the two
  // inputs' window_end columns, and `window` the windows' spec; -1 otherwise.
  int left_window_end = -1;
  int right_window_end = -1;
  bool IsWindowJoin() const { return left_window_end >= 0; }
  // kJoin ... FOR SYSTEM_TIME AS OF l.rowtime (an event-time temporal join against a versioned
  // table: the right input has a primary key, all in right_keys, and a rowtime): the left rowtime
  // column and the right one; -1 otherwise.
  int temporal_left_time = -1;
  int temporal_right_time = -1;
  bool IsTemporalJoin() const { return temporal_left_time >= 0; }
  /// kJoin: the output column of right key `k`.
  int JoinRightColumn(size_t k) const {
    return static_cast<int>(inputs[0]->schema->size()) + right_keys[k];
  }
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

/// kJoin: moves the equality conjuncts of `join->condition` between a left and a right column of
/// the same physical type into left_keys/right_keys, leaving the rest (or null) in `condition`.
void ExtractJoinKeys(PlanNode* join);

/// kJoin: when `condition` bounds a left rowtime attribute by a right one from both sides
/// (l.ts BETWEEN r.ts - INTERVAL '1' HOUR AND r.ts + INTERVAL '10' MINUTE, or >=, >, <=, <
/// with the time columns plus or minus INTERVAL literals), makes it an interval join: sets the
/// interval_* fields and removes those conjuncts from `condition`. Returns whether it did.
bool ExtractIntervalBounds(PlanNode* join);

/// Creates a node; `schema` must be set by the caller.
std::shared_ptr<PlanNode> NewNode(NodeKind kind, std::vector<PlanPtr> inputs);

/// Rebuilds `plan` bottom up: `rewrite` gets a copy of each node whose inputs are already
/// rewritten and returns the node to use in its place. Shared subtrees are rewritten once.
StatusOr<PlanPtr> RewritePlan(
    const PlanPtr& plan,
    const std::function<StatusOr<PlanPtr>(std::shared_ptr<PlanNode>)>& rewrite);

/// Multi-line tree rendering, children indented by two spaces ("+- " as Flink does).
/// With `details`, adds changelogMode and state tables.
std::string PlanToString(const PlanPtr& root, bool details);

}  // namespace sluice::planner
