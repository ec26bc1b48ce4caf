#include "sluice/planner/changelog_inference.h"

#include "absl/strings/str_cat.h"
#include "sluice/planner/rank_recognition.h"

namespace sluice::planner {

using types::ChangelogMode;

StatusOr<PlanPtr> InferChangelog(const PlanPtr& plan, ConnectorInspector* inspector,
                                 bool batch_mode) {
  auto node = std::make_shared<PlanNode>(*plan);
  node->inputs.clear();
  bool all_bounded = true;
  for (const PlanPtr& input : plan->inputs) {
    SLUICE_ASSIGN_OR_RETURN(PlanPtr inferred, InferChangelog(input, inspector, batch_mode));
    all_bounded &= inferred->bounded;
    node->inputs.push_back(inferred);
  }
  const ChangelogMode input_mode =
      node->inputs.empty() ? ChangelogMode::InsertOnly() : node->inputs[0]->changelog;
  node->bounded = all_bounded;
  switch (node->kind) {
    case NodeKind::kScan: {
      SLUICE_ASSIGN_OR_RETURN(node->changelog, inspector->SourceChangelog(*node->table));
      SLUICE_ASSIGN_OR_RETURN(node->bounded, inspector->SourceIsBounded(*node->table));
      if (batch_mode && !node->bounded) {
        return absl::InvalidArgumentError(
            absl::StrCat("querying an unbounded table '", node->table->path.ToString(),
                         "' in batch mode is not allowed; the table source is unbounded (set "
                         "'execution.runtime-mode' = 'streaming' or bound the source)"));
      }
      break;
    }
    case NodeKind::kValues:
      node->bounded = true;
      node->changelog = ChangelogMode::InsertOnly();
      break;
    case NodeKind::kCalc:
    case NodeKind::kWatermarkAssigner:
      node->changelog = input_mode;
      break;
    case NodeKind::kWindowTableFunction:
    case NodeKind::kWindowAggregate:
      if (!input_mode.IsInsertOnly()) {
        return absl::InvalidArgumentError(
            absl::StrCat(node->KindName(),
                         " doesn't support consuming update and delete changes which is "
                         "produced by node ",
                         node->inputs[0]->Describe()));
      }
      node->changelog = ChangelogMode::InsertOnly();
      // Early/late firing legacy group windows update what they emitted: +I, then -U/+U.
      if (node->kind == NodeKind::kWindowAggregate && !batch_mode &&
          node->window.ProducesUpdates()) {
        node->changelog = ChangelogMode{true, true, true, false};
      }
      break;
    case NodeKind::kAggregate:
      if (batch_mode) {
        node->changelog = ChangelogMode::InsertOnly();
      } else if (node->aggregates.empty() && input_mode.IsInsertOnly()) {
        node->changelog = ChangelogMode::InsertOnly();  // SELECT DISTINCT never updates a row
      } else {
        node->changelog = ChangelogMode{true, true, true, !input_mode.IsInsertOnly()};
      }
      if (!batch_mode && !input_mode.IsInsertOnly()) {
        for (const AggregateCall& call : node->aggregates) {
          // A HyperLogLog sketch cannot forget a value (as Flink's function has no retract).
          if (call.kind == AggregateKind::kApproxCountDistinct) {
            return absl::InvalidArgumentError(absl::StrCat(
                "APPROX_COUNT_DISTINCT does not support retraction: its input has update and "
                "delete changes, produced by node ",
                node->inputs[0]->Describe()));
          }
        }
      }
      break;
    case NodeKind::kRank:
    case NodeKind::kDeduplicate:
    case NodeKind::kOverAggregate: {
      const bool windowed = node->window_end_column >= 0;
      // Only regular Top-N consumes updates (RetractableTopNFunction).
      if (!input_mode.IsInsertOnly() && (node->kind != NodeKind::kRank || windowed)) {
        return absl::InvalidArgumentError(
            absl::StrCat(node->KindName(),
                         " doesn't support consuming update and delete changes which is "
                         "produced by node ",
                         node->inputs[0]->Describe()));
      }
      if (batch_mode || windowed || node->kind == NodeKind::kOverAggregate) {
        node->changelog = ChangelogMode::InsertOnly();
      } else if (node->kind == NodeKind::kDeduplicate) {
        // Only keeping the first row by processing time never revises a result.
        const bool proctime =
            node->inputs[0]->schema->field(node->time_column).type.time_attribute ==
            types::TimeAttribute::kProctime;
        node->changelog = proctime && !node->keep_last ? ChangelogMode::InsertOnly()
                                                       : ChangelogMode{true, true, true, false};
      } else {
        node->changelog = ChangelogMode::All();
        if (node->kind == NodeKind::kRank && !input_mode.IsInsertOnly()) {
          node->rank_unique_key = UpdateFastUniqueKey(*node);
        }
      }
      break;
    }
    case NodeKind::kJoin: {
      if (node->IsTemporalJoin()) {
        // The versioned side may be a changelog (upserts); the probe side must append.
        if (!node->inputs[0]->changelog.IsInsertOnly()) {
          return absl::InvalidArgumentError(absl::StrCat(
              "TemporalJoin doesn't support consuming update and delete changes on its left "
              "input, which is produced by node ",
              node->inputs[0]->Describe()));
        }
        node->changelog = ChangelogMode::InsertOnly();
        break;
      }
      if (node->IsIntervalJoin() || node->IsWindowJoin()) {
        for (const PlanPtr& input : node->inputs) {
          if (!input->changelog.IsInsertOnly()) {
            return absl::InvalidArgumentError(absl::StrCat(
                node->KindName(),
                " doesn't support consuming update and delete changes which is produced by node ",
                input->Describe()));
          }
        }
        node->changelog = ChangelogMode::InsertOnly();
        break;
      }
      // As Flink's StreamingJoinOperator: an inner join of append-only inputs appends; an outer
      // join retracts its null-padded rows (-D) once a match arrives, and changelog inputs pass
      // their retractions through.
      const bool append = node->inputs[0]->changelog.IsInsertOnly() &&
                          node->inputs[1]->changelog.IsInsertOnly() &&
                          node->join_kind == JoinKind::kInner;
      node->changelog = batch_mode || append ? ChangelogMode::InsertOnly() : ChangelogMode::All();
      break;
    }
    case NodeKind::kUnion: {
      ChangelogMode mode = node->inputs[0]->changelog;
      for (const PlanPtr& input : node->inputs) mode = mode.Union(input->changelog);
      node->changelog = mode;
      break;
    }
    case NodeKind::kSort:
      if (!node->bounded) {
        return absl::InvalidArgumentError(
            "ORDER BY and LIMIT need bounded input: the query reads an unbounded source (sort "
            "a windowed result or use a bounded source)");
      }
      node->changelog = ChangelogMode::InsertOnly();
      break;
    case NodeKind::kSink: {
      node->changelog = input_mode;
      if (node->sink_table) {
        SLUICE_ASSIGN_OR_RETURN(ChangelogMode accepts, inspector->SinkAccepts(*node->sink_table));
        bool ok = (!input_mode.update_after || accepts.update_after) &&
                  (!input_mode.deletes || accepts.deletes) &&
                  (!input_mode.update_before || accepts.update_before || accepts.update_after);
        if (!ok) {
          return absl::InvalidArgumentError(absl::StrCat(
              "Table sink '", node->sink_name,
              "' doesn't support consuming update and delete changes which is produced by node ",
              node->inputs[0]->Describe(),
              ". Window the aggregation (e.g. TABLE(TUMBLE(...))) so it emits final rows, or "
              "write to a sink that accepts updates (print, or a table with a PRIMARY KEY on an "
              "upsert connector)"));
        }
        if (!accepts.update_before) node->changelog.update_before = false;
      }
      break;
    }
  }
  return PlanPtr(node);
}

}  // namespace sluice::planner
