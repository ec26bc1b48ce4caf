#include "sluice/planner/rank_recognition.h"

#include <algorithm>
#include <limits>

#include "sluice/expr/function_registry.h"
#include "sluice/planner/window_columns.h"

namespace sluice::planner {

using expr::ExprPtr;

namespace {

void SplitConjuncts(const ExprPtr& e, std::vector<ExprPtr>* out) {
  if (e->kind == expr::ExprKind::kCall && e->function && e->function->name == "AND") {
    for (const ExprPtr& a : e->args) SplitConjuncts(a, out);
    return;
  }
  out->push_back(e);
}

// Applies `rank op literal` (either side) to [start, end]; false if `e` is not such a bound.
bool ApplyRankBound(const ExprPtr& e, int rank_column, int64_t* start, int64_t* end) {
  if (e->kind != expr::ExprKind::kCall || !e->function || e->args.size() != 2) return false;
  std::string op = e->function->name;
  const ExprPtr* column = &e->args[0];
  const ExprPtr* literal = &e->args[1];
  if (!(*column)->IsColumn()) {
    std::swap(column, literal);
    // Mirror the comparison: 3 >= rn is rn <= 3.
    if (op == "<")
      op = ">";
    else if (op == ">")
      op = "<";
    else if (op == "<=")
      op = ">=";
    else if (op == ">=")
      op = "<=";
  }
  if (!(*column)->IsColumn() || (*column)->column_index != rank_column) return false;
  if (!(*literal)->IsLiteral() || (*literal)->literal.is_null() || !(*literal)->type.IsInteger()) {
    return false;
  }
  const int64_t v = (*literal)->literal.as_int();
  if (op == "=") {
    *start = std::max(*start, v);
    *end = std::min(*end, v);
  } else if (op == "<=") {
    *end = std::min(*end, v);
  } else if (op == "<") {
    *end = std::min(*end, v - 1);
  } else if (op == ">=") {
    *start = std::max(*start, v);
  } else if (op == ">") {
    *start = std::max(*start, v + 1);
  } else {
    return false;
  }
  return true;
}

// Replaces references to `column` by `replacement`.
ExprPtr Substitute(const ExprPtr& e, int column, const ExprPtr& replacement) {
  if (!e) return e;
  if (e->IsColumn()) return e->column_index == column ? replacement : e;
  if (e->args.empty()) return e;
  auto copy = std::make_shared<expr::Expression>(*e);
  for (ExprPtr& a : copy->args) a = Substitute(a, column, replacement);
  return copy;
}

bool Uses(const ExprPtr& e, int column) {
  if (!e) return false;
  std::vector<int> used;
  e->CollectColumns(&used);
  return std::find(used.begin(), used.end(), column) != used.end();
}

// Follows `column` of `plan` through Calc column references; returns the node it comes from and
// sets `*column` to its index there.
const PlanNode* TraceColumn(const PlanNode* plan, int* column) {
  while (plan->kind == NodeKind::kCalc) {
    const ExprPtr& p = plan->projections[*column];
    if (!p->IsColumn()) return nullptr;
    *column = p->column_index;
    plan = plan->inputs[0].get();
  }
  return plan;
}

// The watermark delay (micros) of rowtime column `column` of `plan`: traced through Calcs to a
// WatermarkAssigner on that column whose watermark is the column itself or the column minus an
// INTERVAL literal; -1 when it is anything else.
int64_t WatermarkDelay(const PlanNode* plan, int column) {
  plan = TraceColumn(plan, &column);
  if (plan == nullptr || plan->kind != NodeKind::kWatermarkAssigner ||
      plan->rowtime_column != column) {
    return -1;
  }
  const ExprPtr& w = plan->watermark;
  if (w->IsColumn()) return w->column_index == column ? 0 : -1;
  if (w->kind != expr::ExprKind::kCall || !w->function || w->function->name != "-" ||
      w->args.size() != 2) {
    return -1;
  }
  const ExprPtr& rowtime = w->args[0];
  const ExprPtr& delay = w->args[1];
  if (!rowtime->IsColumn() || rowtime->column_index != column || !delay->IsLiteral() ||
      delay->literal.is_null() || delay->type.id != types::TypeId::kIntervalDayTime) {
    return -1;
  }
  return delay->literal.as_int() >= 0 ? delay->literal.as_int() : -1;
}

// Whether window deduplication `dedup` (resolved, under the Calc `consumer`) can run as
// CompactWindowDeduplicate with the same results: TUMBLE windows, keep the first row, the consumer
// reads only window_start, window_end, window_time and the partition keys (so which row of a
// (window, key) is kept does not show), and a watermark delay that keeps disorder within the
// operator's 64-window bitmap.
bool CanRunCompact(const PlanNode& dedup, const PlanNode& consumer) {
  if (dedup.kind != NodeKind::kDeduplicate || dedup.window_end_column < 0 || dedup.keep_last ||
      dedup.window.kind != WindowKind::kTumble || dedup.window.size <= 0) {
    return false;
  }
  const PlanNode* input = dedup.inputs[0].get();
  std::vector<int> used;
  for (const ExprPtr& p : consumer.projections) p->CollectColumns(&used);
  if (consumer.condition) consumer.condition->CollectColumns(&used);
  for (int column : used) {
    const bool key = std::find(dedup.partition_keys.begin(), dedup.partition_keys.end(), column) !=
                     dedup.partition_keys.end();
    const WindowColumn w = TraceWindowColumn(input, column);
    if (!key && w != WindowColumn::kStart && w != WindowColumn::kEnd && w != WindowColumn::kTime) {
      return false;
    }
  }
  // The order column is the window table function's time column or its window_time: both follow
  // the time column of the function's input, whose watermark sets the disorder.
  int column = dedup.time_column;
  const PlanNode* tvf = TraceColumn(input, &column);
  if (tvf == nullptr || tvf->kind != NodeKind::kWindowTableFunction) return false;
  const int64_t delay = WatermarkDelay(tvf->inputs[0].get(), tvf->time_column);
  return delay >= 0 && delay <= kCompactWindowBitmap * dedup.window.size;
}

// `calc` is a Calc over a Rank with rank_end < 0. Returns the rewritten Calc over a resolved
// Rank or Deduplicate, or nullptr when the condition sets no rank range.
StatusOr<PlanPtr> ResolveRank(const PlanNode& calc) {
  const PlanNode& rank = *calc.inputs[0];
  const int rank_column = static_cast<int>(rank.schema->size()) - 1;
  std::vector<ExprPtr> conjuncts;
  SplitConjuncts(calc.condition, &conjuncts);
  int64_t start = 1;
  int64_t end = std::numeric_limits<int64_t>::max();
  bool bounded = false;
  ExprPtr remaining;
  for (const ExprPtr& c : conjuncts) {
    if (ApplyRankBound(c, rank_column, &start, &end)) {
      bounded = true;
      continue;
    }
    if (!remaining) {
      remaining = c;
    } else {
      SLUICE_ASSIGN_OR_RETURN(remaining, expr::ResolveCall("AND", {remaining, c}));
    }
  }
  if (!bounded) return PlanPtr();
  if (end == std::numeric_limits<int64_t>::max()) {
    return absl::InvalidArgumentError(
        "Rank end is not specified. Currently rank only support TopN, which means the rank end "
        "must be specified.");
  }
  auto upper = std::make_shared<PlanNode>(calc);
  upper->condition = remaining;
  // A single rank value needs no rank column: it is that constant (RankNumberColumnRemoveRule).
  if (start == end) {
    ExprPtr constant =
        expr::MakeLiteral(types::Value::Int(start), rank.schema->field(rank_column).type);
    for (ExprPtr& p : upper->projections) p = Substitute(p, rank_column, constant);
    upper->condition = Substitute(upper->condition, rank_column, constant);
  }
  bool output_rank = Uses(upper->condition, rank_column);
  for (const ExprPtr& p : upper->projections) output_rank |= Uses(p, rank_column);

  auto node = std::make_shared<PlanNode>(rank);
  node->rank_start = start;
  node->rank_end = end;
  node->output_rank_number = output_rank;
  node->deferred_error.clear();
  const PlanNode* input = rank.inputs[0].get();
  // Window Top-N / deduplication: the partition keys hold window_start and window_end.
  std::vector<int> keys;
  for (int k : rank.partition_keys) {
    WindowColumn w = TraceWindowColumn(input, k, &node->window);
    if (w == WindowColumn::kStart && node->window_start_column < 0) {
      node->window_start_column = k;
    } else if (w == WindowColumn::kEnd && node->window_end_column < 0) {
      node->window_end_column = k;
    } else {
      keys.push_back(k);
    }
  }
  if (node->window_start_column >= 0 && node->window_end_column >= 0) {
    node->partition_keys = keys;
  } else {
    node->window_start_column = node->window_end_column = -1;
  }
  const bool windowed = node->window_end_column >= 0;
  std::vector<types::Field> fields = input->schema->fields();
  if (!output_rank && start == 1 && end == 1 && rank.sort_keys.size() == 1) {
    const int order = rank.sort_keys[0].column;
    const types::DataType& order_type = input->schema->field(order).type;
    WindowColumn w = windowed ? TraceWindowColumn(input, order) : WindowColumn::kNone;
    bool time_order = windowed ? order_type.time_attribute == types::TimeAttribute::kRowtime ||
                                     w == WindowColumn::kTvfTime || w == WindowColumn::kTime
                               : order_type.IsTimeAttribute();
    if (time_order) {
      node->kind = NodeKind::kDeduplicate;
      node->time_column = order;
      node->keep_last = rank.sort_keys[0].descending;
    }
  }
  if (output_rank) fields.push_back(rank.schema->field(rank_column));
  node->schema = types::MakeSchema(std::move(fields));
  node->compact_window = CanRunCompact(*node, *upper);
  upper->inputs = {node};
  return PlanPtr(upper);
}

}  // namespace

std::vector<int> UpdateFastUniqueKey(const PlanNode& rank) {
  const PlanNode& input = *rank.inputs[0];
  // The aggregate below the Calcs, and which of its columns the rank's input columns are.
  const PlanNode* aggregate = nullptr;
  const int width = static_cast<int>(input.schema->size());
  std::vector<int> origin(width, -1);
  for (int c = 0; c < width; ++c) {
    int column = c;
    const PlanNode* from = TraceColumn(&input, &column);
    if (from == nullptr || from->kind != NodeKind::kAggregate) continue;
    if (aggregate != nullptr && aggregate != from) return {};
    aggregate = from;
    origin[c] = column;
  }
  if (aggregate == nullptr || !aggregate->inputs[0]->changelog.IsInsertOnly()) return {};
  const int keys = static_cast<int>(aggregate->group_keys.size());
  std::vector<int> unique_key;
  for (int k = 0; k < keys; ++k) {
    auto found = std::find(origin.begin(), origin.end(), k);
    if (found == origin.end()) return {};  // the unique key is not in the rank's input
    unique_key.push_back(static_cast<int>(found - origin.begin()));
  }
  for (int p : rank.partition_keys) {
    if (origin[p] < 0 || origin[p] >= keys) return {};
  }
  if (rank.sort_keys.empty()) return {};
  for (const SortKey& key : rank.sort_keys) {
    const int column = origin[key.column];
    if (column < 0) return {};
    if (column < keys) continue;  // a group key: constant per row key
    const AggregateKind kind = aggregate->aggregates[column - keys].kind;
    const bool increasing = kind == AggregateKind::kCount || kind == AggregateKind::kCountStar ||
                            kind == AggregateKind::kMax;
    const bool decreasing = kind == AggregateKind::kMin;
    if (!(increasing && key.descending) && !(decreasing && !key.descending)) return {};
  }
  return unique_key;
}

StatusOr<PlanPtr> ResolveRanks(const PlanPtr& plan) {
  PlanPtr current = plan;
  if (plan->kind == NodeKind::kCalc && plan->condition) {
    const PlanNode& input = *plan->inputs[0];
    if (input.kind == NodeKind::kRank && input.rank_end < 0) {
      SLUICE_ASSIGN_OR_RETURN(PlanPtr resolved, ResolveRank(*plan));
      if (resolved) current = resolved;
    }
  }
  if (current->kind == NodeKind::kRank && current->rank_end < 0) {
    return absl::InvalidArgumentError(current->deferred_error);
  }
  auto node = std::make_shared<PlanNode>(*current);
  for (PlanPtr& input : node->inputs) {
    SLUICE_ASSIGN_OR_RETURN(input, ResolveRanks(input));
  }
  return PlanPtr(node);
}

}  // namespace sluice::planner
