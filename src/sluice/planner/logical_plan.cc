#include "sluice/planner/logical_plan.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sluice::planner {

std::shared_ptr<PlanNode> NewNode(NodeKind kind, std::vector<PlanPtr> inputs) {
  auto node = std::make_shared<PlanNode>();
  node->kind = kind;
  node->inputs = std::move(inputs);
  return node;
}

namespace {

std::string Interval(int64_t micros) {
  if (micros % 86'400'000'000 == 0) return absl::StrCat(micros / 86'400'000'000, " d");
  if (micros % 3'600'000'000 == 0) return absl::StrCat(micros / 3'600'000'000, " h");
  if (micros % 60'000'000 == 0) return absl::StrCat(micros / 60'000'000, " min");
  if (micros % 1'000'000 == 0) return absl::StrCat(micros / 1'000'000, " s");
  return absl::StrCat(micros / 1000, " ms");
}

std::string ColumnName(const types::Schema* schema, int index) {
  if (schema != nullptr && index >= 0 && index < static_cast<int>(schema->size())) {
    return schema->field(index).name;
  }
  return absl::StrCat("$", index);
}

}  // namespace

std::string AggregateName(AggregateKind kind) {
  switch (kind) {
    case AggregateKind::kCount:
    case AggregateKind::kCountStar:
      return "COUNT";
    case AggregateKind::kSum:
      return "SUM";
    case AggregateKind::kMin:
      return "MIN";
    case AggregateKind::kMax:
      return "MAX";
    case AggregateKind::kAvg:
      return "AVG";
    case AggregateKind::kFirstValue:
      return "FIRST_VALUE";
    case AggregateKind::kLastValue:
      return "LAST_VALUE";
    case AggregateKind::kListAgg:
      return "LISTAGG";
    case AggregateKind::kApproxCountDistinct:
      return "APPROX_COUNT_DISTINCT";
  }
  return "?";
}

std::string AggregateCall::ToString(const types::Schema* input) const {
  std::string out = AggregateName(kind) + "(";
  if (distinct) out += "DISTINCT ";
  out += kind == AggregateKind::kCountStar ? "*" : ColumnName(input, argument);
  if (kind == AggregateKind::kListAgg && separator != ",") {
    absl::StrAppend(&out, ", '", separator, "'");
  }
  out += ")";
  if (filter >= 0) absl::StrAppend(&out, " FILTER ", ColumnName(input, filter));
  return out;
}

std::string WindowSpec::ToString() const {
  switch (kind) {
    case WindowKind::kTumble:
      return absl::StrCat("TUMBLE(size=[", Interval(size), "]",
                          offset ? absl::StrCat(", offset=[", Interval(offset), "]") : "", ")");
    case WindowKind::kHop:
      return absl::StrCat("HOP(slide=[", Interval(slide), "], size=[", Interval(size), "]",
                          offset ? absl::StrCat(", offset=[", Interval(offset), "]") : "", ")");
    case WindowKind::kCumulate:
      return absl::StrCat("CUMULATE(step=[", Interval(slide), "], max_size=[", Interval(size), "]",
                          offset ? absl::StrCat(", offset=[", Interval(offset), "]") : "", ")");
    case WindowKind::kSession:
      return absl::StrCat("SESSION(gap=[", Interval(size), "])");
  }
  return "?";
}

namespace {

std::string WindowEmitToString(const WindowSpec& window) {
  auto delay = [](int64_t micros) {
    return micros == 0 ? std::string("no delay") : absl::StrCat("delay ", micros / 1000, " ms");
  };
  std::vector<std::string> parts;
  if (window.early_fire_delay >= 0) parts.push_back("early " + delay(window.early_fire_delay));
  if (window.late_fire_delay >= 0) parts.push_back("late " + delay(window.late_fire_delay));
  if (window.allow_lateness > 0) {
    parts.push_back(absl::StrCat("allow lateness ", window.allow_lateness / 1000, " ms"));
  }
  return absl::StrJoin(parts, ", ");
}

}  // namespace

std::string OverFrame::ToString() const {
  std::string start;
  if (preceding < 0) {
    start = "UNBOUNDED PRECEDING";
  } else if (rows) {
    start = absl::StrCat(preceding, " PRECEDING");
  } else {
    start = absl::StrCat(Interval(preceding), " PRECEDING");
  }
  return absl::StrCat(rows ? "ROWS" : "RANGE", " BETWEEN ", start, " AND CURRENT ROW");
}

std::string PlanNode::KindName() const {
  switch (kind) {
    case NodeKind::kScan:
      return "TableSourceScan";
    case NodeKind::kValues:
      return "Values";
    case NodeKind::kCalc:
      return "Calc";
    case NodeKind::kWatermarkAssigner:
      return "WatermarkAssigner";
    case NodeKind::kWindowTableFunction:
      return "WindowTableFunction";
    case NodeKind::kAggregate:
      return aggregate_phase == AggregatePhase::kLocal    ? "LocalGroupAggregate"
             : aggregate_phase == AggregatePhase::kGlobal ? "GlobalGroupAggregate"
                                                          : "GroupAggregate";
    case NodeKind::kWindowAggregate:
      return "WindowAggregate";
    case NodeKind::kUnion:
      return "Union";
    case NodeKind::kSort:
      return limit >= 0 && sort_keys.empty() ? "Limit" : limit >= 0 ? "SortLimit" : "Sort";
    case NodeKind::kSink:
      return "Sink";
    case NodeKind::kRank:
      return window_end_column >= 0 ? "WindowRank" : "Rank";
    case NodeKind::kDeduplicate:
      if (compact_window) return "CompactWindowDeduplicate";
      return window_end_column >= 0 ? "WindowDeduplicate" : "Deduplicate";
    case NodeKind::kOverAggregate:
      return "OverAggregate";
    case NodeKind::kJoin:
      return IsIntervalJoin()   ? "IntervalJoin"
             : IsWindowJoin()   ? "WindowJoin"
             : IsTemporalJoin() ? "TemporalJoin"
                                : "Join";
  }
  return "?";
}

std::string PlanNode::Describe() const {
  const types::Schema* input = inputs.empty() ? nullptr : inputs[0]->schema.get();
  std::string out = KindName() + "(";
  switch (kind) {
    case NodeKind::kScan: {
      std::vector<std::string> fields;
      for (const types::Field& f : schema->fields()) fields.push_back(f.name);
      absl::StrAppend(&out, "table=[[", table->path.catalog, ", ", table->path.database, ", ",
                      table->path.name, "]], fields=[", absl::StrJoin(fields, ", "), "]");
      break;
    }
    case NodeKind::kValues:
      absl::StrAppend(&out, "tuples=[", rows.size(), " rows]");
      break;
    case NodeKind::kCalc: {
      std::vector<std::string> items;
      for (size_t i = 0; i < projections.size(); ++i) {
        std::string text = projections[i]->ToString(input);
        if (text != schema->field(i).name) absl::StrAppend(&text, " AS ", schema->field(i).name);
        items.push_back(text);
      }
      absl::StrAppend(&out, "select=[", absl::StrJoin(items, ", "), "]");
      if (condition) absl::StrAppend(&out, ", where=[", condition->ToString(input), "]");
      break;
    }
    case NodeKind::kWatermarkAssigner:
      absl::StrAppend(&out, "rowtime=[", ColumnName(input, rowtime_column), "], watermark=[",
                      watermark->ToString(input), "]");
      break;
    case NodeKind::kWindowTableFunction:
      absl::StrAppend(&out, "window=[", window.ToString(), "], time_col=[",
                      ColumnName(input, time_column), "]");
      break;
    case NodeKind::kAggregate:
    case NodeKind::kWindowAggregate: {
      std::vector<std::string> keys, select;
      for (int k : group_keys) keys.push_back(ColumnName(input, k));
      for (const std::string& k : keys) select.push_back(k);
      for (const AggregateCall& a : aggregates) {
        select.push_back(absl::StrCat(a.ToString(input), " AS ", a.name));
      }
      if (kind == NodeKind::kWindowAggregate) {
        absl::StrAppend(&out, "window=[", window.ToString(), "], time_col=[",
                        ColumnName(input, time_column), "], ");
        select.push_back("start('w$) AS window_start");
        select.push_back("end('w$) AS window_end");
        select.push_back("rowtime('w$) AS window_time");
      }
      absl::StrAppend(&out, "groupBy=[", absl::StrJoin(keys, ", "), "], select=[",
                      absl::StrJoin(select, ", "), "]");
      if (kind == NodeKind::kWindowAggregate && window.ProducesUpdates()) {
        absl::StrAppend(&out, ", emit=[", WindowEmitToString(window), "]");
      }
      break;
    }
    case NodeKind::kUnion: {
      std::vector<std::string> fields;
      for (const types::Field& f : schema->fields()) fields.push_back(f.name);
      absl::StrAppend(&out, "all=[true], union=[", absl::StrJoin(fields, ", "), "]");
      break;
    }
    case NodeKind::kSort: {
      std::vector<std::string> keys;
      for (const SortKey& k : sort_keys) {
        keys.push_back(absl::StrCat(ColumnName(input, k.column), k.descending ? " DESC" : " ASC"));
      }
      absl::StrAppend(&out, "orderBy=[", absl::StrJoin(keys, ", "), "]");
      if (offset > 0) absl::StrAppend(&out, ", offset=[", offset, "]");
      if (limit >= 0) absl::StrAppend(&out, ", fetch=[", limit, "]");
      break;
    }
    case NodeKind::kSink: {
      std::vector<std::string> fields;
      for (const types::Field& f : schema->fields()) fields.push_back(f.name);
      absl::StrAppend(&out, "table=[", sink_table ? sink_name : "*collect*", "], fields=[",
                      absl::StrJoin(fields, ", "), "]");
      break;
    }
    case NodeKind::kJoin: {
      static const char* const kTypes[] = {"InnerJoin", "LeftOuterJoin", "RightOuterJoin",
                                           "FullOuterJoin"};
      std::vector<std::string> where;
      for (size_t k = 0; k < left_keys.size(); ++k) {
        where.push_back(absl::StrCat("=(", ColumnName(schema.get(), left_keys[k]), ", ",
                                     ColumnName(schema.get(), JoinRightColumn(k)), ")"));
      }
      if (condition) where.push_back(condition->ToString(schema.get()));
      std::vector<std::string> fields;
      for (const types::Field& f : schema->fields()) fields.push_back(f.name);
      if (IsIntervalJoin()) {
        absl::StrAppend(
            &out, "windowBounds=[isRowTime=true, leftLowerBound=", interval_lower / 1000,
            ", leftUpperBound=", interval_upper / 1000, ", leftTimeIndex=", interval_left_time,
            ", rightTimeIndex=", interval_right_time, "], ");
      }
      if (IsTemporalJoin()) {
        absl::StrAppend(&out, "forSystemTimeAsOf=[", ColumnName(schema.get(), temporal_left_time),
                        "], versionTime=[",
                        ColumnName(inputs[1]->schema.get(), temporal_right_time), "], ");
      }
      if (IsWindowJoin()) {
        absl::StrAppend(&out, "leftWindow=[", window.ToString(), "], rightWindow=[",
                        window.ToString(), "], ");
      }
      absl::StrAppend(&out, "joinType=[", kTypes[static_cast<int>(join_kind)], "], where=[",
                      where.empty()       ? "true"
                      : where.size() == 1 ? where[0]
                                          : absl::StrCat("AND(", absl::StrJoin(where, ", "), ")"),
                      "], select=[", absl::StrJoin(fields, ", "), "]");
      break;
    }
    case NodeKind::kRank:
    case NodeKind::kDeduplicate:
    case NodeKind::kOverAggregate: {
      std::vector<std::string> partition, order;
      for (int k : partition_keys) partition.push_back(ColumnName(input, k));
      for (const SortKey& k : sort_keys) {
        order.push_back(absl::StrCat(ColumnName(input, k.column), k.descending ? " DESC" : " ASC"));
      }
      if (window_end_column >= 0) {
        absl::StrAppend(&out, "windowStart=[", ColumnName(input, window_start_column),
                        "], windowEnd=[", ColumnName(input, window_end_column), "], ");
      }
      if (kind == NodeKind::kRank) {
        if (window_end_column < 0 && rank_end >= 0) {
          bool append = inputs.empty() || inputs[0]->changelog.IsInsertOnly();
          std::string strategy = append ? "AppendFastStrategy" : "RetractStrategy";
          if (!rank_unique_key.empty()) {
            strategy =
                absl::StrCat("UpdateFastStrategy[", absl::StrJoin(rank_unique_key, ","), "]");
          }
          absl::StrAppend(&out, "strategy=[", strategy, "], ");
        }
        absl::StrAppend(
            &out, "rankType=[ROW_NUMBER], rankRange=[",
            rank_end < 0 ? std::string("from the enclosing filter")
                         : absl::StrCat("rankStart=", rank_start, ", rankEnd=", rank_end),
            "], partitionBy=[", absl::StrJoin(partition, ", "), "], orderBy=[",
            absl::StrJoin(order, ", "), "], select=[*", output_rank_number ? ", w0$o0" : "", "]");
      } else if (kind == NodeKind::kDeduplicate) {
        bool proctime =
            input != nullptr && time_column >= 0 &&
            input->field(time_column).type.time_attribute == types::TimeAttribute::kProctime;
        absl::StrAppend(&out, "keep=[", keep_last ? "LastRow" : "FirstRow", "], key=[",
                        absl::StrJoin(partition, ", "), "], order=[",
                        proctime ? "PROCTIME" : "ROWTIME", "]");
      } else {
        std::vector<std::string> select;
        for (const AggregateCall& a : aggregates) {
          select.push_back(absl::StrCat(a.ToString(input), " AS ", a.name));
        }
        absl::StrAppend(&out, "partitionBy=[", absl::StrJoin(partition, ", "), "], orderBy=[",
                        absl::StrJoin(order, ", "), "], window=[", frame.ToString(),
                        "], select=[*, ", absl::StrJoin(select, ", "), "]");
      }
      break;
    }
  }
  return out + ")";
}

std::vector<std::string> PlanNode::StateTables() const {
  const types::Schema* input = inputs.empty() ? nullptr : inputs[0]->schema.get();
  std::vector<std::string> keys;
  for (int k : group_keys) keys.push_back(ColumnName(input, k));
  std::vector<std::string> values;
  for (const AggregateCall& a : aggregates) values.push_back(a.ToString(input));
  switch (kind) {
    case NodeKind::kAggregate:
      if (aggregate_phase == AggregatePhase::kLocal) {
        return {"partial accumulators per key, until the mini-batch flushes"};
      }
      return {absl::StrCat("accumulators: key=(", absl::StrJoin(keys, ", "), ") value=(",
                           absl::StrJoin(values, ", "), values.empty() ? "" : ", ", "row_count)")};
    case NodeKind::kWindowAggregate:
      return {absl::StrCat("window accumulators: key=(window_end", keys.empty() ? "" : ", ",
                           absl::StrJoin(keys, ", "), ") value=(", absl::StrJoin(values, ", "),
                           ")")};
    case NodeKind::kWatermarkAssigner:
      return {"split watermarks: max event time per split"};
    case NodeKind::kJoin: {
      std::vector<std::string> left, right;
      for (size_t k = 0; k < left_keys.size(); ++k) {
        left.push_back(ColumnName(schema.get(), left_keys[k]));
        right.push_back(ColumnName(schema.get(), JoinRightColumn(k)));
      }
      return {absl::StrCat("left rows: key=(", absl::StrJoin(left, ", "), ")"),
              absl::StrCat("right rows: key=(", absl::StrJoin(right, ", "), ")")};
    }
    case NodeKind::kSort:
      return {"buffered rows until end of input"};
    case NodeKind::kRank:
    case NodeKind::kDeduplicate:
    case NodeKind::kOverAggregate: {
      std::vector<std::string> partition;
      for (int k : partition_keys) partition.push_back(ColumnName(input, k));
      if (compact_window) {
        return {absl::StrCat("newest window and bitmap of the 64 before it: key=(",
                             absl::StrJoin(partition, ", "), ")")};
      }
      if (window_end_column >= 0) {
        partition.insert(partition.begin(), "window_end");
      }
      std::string key = absl::StrCat("key=(", absl::StrJoin(partition, ", "), ")");
      if (kind == NodeKind::kDeduplicate) return {absl::StrCat("kept row: ", key)};
      if (kind == NodeKind::kRank) return {absl::StrCat("sorted rows: ", key)};
      return {absl::StrCat(frame.preceding < 0 ? "accumulators" : "rows in frame",
                           ", pending rows: ", key)};
    }
    default:
      return {};
  }
}

namespace {

void Render(const PlanPtr& node, bool details, const std::string& prefix, bool root,
            std::string* out) {
  absl::StrAppend(out, prefix, root ? "" : "+- ", node->Describe());
  if (details) {
    absl::StrAppend(out, ", changelogMode=[", node->changelog.ToString(), "]");
    for (const std::string& state : node->StateTables()) {
      absl::StrAppend(out, ", state=[", state, "]");
    }
  }
  out->push_back('\n');
  for (size_t i = 0; i < node->inputs.size(); ++i) {
    Render(node->inputs[i], details,
           root ? prefix : prefix + (i + 1 < node->inputs.size() ? ":  " : "   "), false, out);
  }
}

}  // namespace

std::string PlanToString(const PlanPtr& root, bool details) {
  std::string out;
  Render(root, details, "", true, &out);
  return out;
}

namespace {

StatusOr<PlanPtr> RewriteShared(
    const PlanPtr& plan, const std::function<StatusOr<PlanPtr>(std::shared_ptr<PlanNode>)>& rewrite,
    std::map<const PlanNode*, PlanPtr>* done) {
  auto found = done->find(plan.get());
  if (found != done->end()) return found->second;
  auto node = std::make_shared<PlanNode>(*plan);
  for (PlanPtr& input : node->inputs) {
    SLUICE_ASSIGN_OR_RETURN(input, RewriteShared(input, rewrite, done));
  }
  SLUICE_ASSIGN_OR_RETURN(PlanPtr result, rewrite(std::move(node)));
  (*done)[plan.get()] = result;
  return result;
}

}  // namespace

StatusOr<PlanPtr> RewritePlan(
    const PlanPtr& plan,
    const std::function<StatusOr<PlanPtr>(std::shared_ptr<PlanNode>)>& rewrite) {
  std::map<const PlanNode*, PlanPtr> done;
  return RewriteShared(plan, rewrite, &done);
}

}  // namespace sluice::planner
