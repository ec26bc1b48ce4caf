#include "sluice/planner/job_graph.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sluice::planner {

std::string JobVertex::Name() const {
  std::vector<std::string> names;
  for (const PlanPtr& node : chain) {
    if (node->kind == NodeKind::kScan) {
      names.push_back(absl::StrCat("Source: ", node->table->path.name));
    } else if (node->kind == NodeKind::kSink) {
      names.push_back(absl::StrCat(
          "Sink: ", node->sink_table ? node->sink_table->path.name : std::string("collect")));
    } else {
      names.push_back(node->KindName());
    }
  }
  return absl::StrJoin(names, " -> ");
}

namespace {

class Builder {
 public:
  explicit Builder(int parallelism) : parallelism_(parallelism) {}

  // Returns the vertex whose last chained node is `node`.
  int Build(const PlanPtr& node) {
    switch (node->kind) {
      case NodeKind::kScan:
        return NewVertex(node, parallelism_);
      case NodeKind::kValues:
        return NewVertex(node, 1);
      case NodeKind::kCalc:
      case NodeKind::kWatermarkAssigner:
      case NodeKind::kWindowTableFunction:
      case NodeKind::kSink: {
        int input = Build(node->inputs[0]);
        graph_.vertices[input].chain.push_back(node);
        return input;
      }
      case NodeKind::kAggregate:
        if (node->aggregate_phase == AggregatePhase::kLocal) {
          // Two-phase aggregation: the local half pre-aggregates before the exchange.
          int input = Build(node->inputs[0]);
          graph_.vertices[input].chain.push_back(node);
          return input;
        }
        [[fallthrough]];
      case NodeKind::kWindowAggregate:
      case NodeKind::kRank:
      case NodeKind::kDeduplicate:
      case NodeKind::kOverAggregate: {
        int input = Build(node->inputs[0]);
        std::vector<int> keys = node->group_keys;
        if (node->kind != NodeKind::kAggregate && node->kind != NodeKind::kWindowAggregate) {
          keys = node->partition_keys;
          // Window Top-N and deduplication: also by window, so windows spread over subtasks;
          // not the compact deduplication, whose state per key spans the key's windows.
          if (node->window_end_column >= 0 && !node->compact_window) {
            keys.push_back(node->window_end_column);
          }
        }
        bool global = keys.empty();
        int parallelism = global ? 1 : parallelism_;
        // One subtask on both sides: the exchange would route everything to the same place.
        if (parallelism == 1 && graph_.vertices[input].parallelism == 1) {
          graph_.vertices[input].chain.push_back(node);
          return input;
        }
        int vertex = NewVertex(node, parallelism);
        JobEdge edge;
        edge.source = input;
        edge.kind = global ? EdgeKind::kGlobal : EdgeKind::kHash;
        edge.keys = keys;
        graph_.vertices[vertex].inputs.push_back(edge);
        return vertex;
      }
      case NodeKind::kSort: {
        int input = Build(node->inputs[0]);
        if (graph_.vertices[input].parallelism == 1) {
          graph_.vertices[input].chain.push_back(node);
          return input;
        }
        int vertex = NewVertex(node, 1);
        graph_.vertices[vertex].inputs.push_back(JobEdge{input, EdgeKind::kGlobal, {}, 0});
        return vertex;
      }
      case NodeKind::kJoin: {
        const int left = Build(node->inputs[0]);
        const int right = Build(node->inputs[1]);
        // Without equality keys every row must meet every other: one subtask.
        const bool global = node->left_keys.empty();
        const int vertex = NewVertex(node, global ? 1 : parallelism_);
        const EdgeKind kind = global ? EdgeKind::kGlobal : EdgeKind::kHash;
        graph_.vertices[vertex].inputs.push_back(JobEdge{left, kind, node->left_keys, 0});
        graph_.vertices[vertex].inputs.push_back(JobEdge{right, kind, node->right_keys, 1});
        return vertex;
      }
      case NodeKind::kUnion: {
        std::vector<int> inputs;
        for (const PlanPtr& input : node->inputs) inputs.push_back(Build(input));
        int vertex = NewVertex(node, parallelism_);
        for (int input : inputs) {
          EdgeKind kind = graph_.vertices[input].parallelism == parallelism_ ? EdgeKind::kForward
                                                                             : EdgeKind::kRebalance;
          graph_.vertices[vertex].inputs.push_back(JobEdge{input, kind, {}, 0});
        }
        return vertex;
      }
    }
    return -1;
  }

  JobGraph Take() { return std::move(graph_); }

 private:
  int NewVertex(const PlanPtr& head, int parallelism) {
    JobVertex v;
    v.id = static_cast<int>(graph_.vertices.size());
    v.parallelism = parallelism;
    v.chain.push_back(head);
    graph_.vertices.push_back(std::move(v));
    return static_cast<int>(graph_.vertices.size() - 1);
  }

  int parallelism_;
  JobGraph graph_;
};

const char* EdgeName(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::kForward:
      return "FORWARD";
    case EdgeKind::kHash:
      return "HASH";
    case EdgeKind::kGlobal:
      return "GLOBAL";
    case EdgeKind::kRebalance:
      return "REBALANCE";
  }
  return "?";
}

}  // namespace

JobGraph BuildJobGraph(const std::vector<PlanPtr>& sinks, int parallelism) {
  Builder builder(parallelism);
  for (const PlanPtr& sink : sinks) builder.Build(sink);
  return builder.Take();
}

std::string JobGraph::ToString() const {
  std::string out;
  for (const JobVertex& v : vertices) {
    absl::StrAppend(&out, "Vertex ", v.id, ": ", v.Name(), " (parallelism ", v.parallelism, ")\n");
    for (const JobEdge& e : v.inputs) {
      const types::Schema& schema = *vertices[e.source].chain.back()->schema;
      std::vector<std::string> keys;
      for (int k : e.keys) keys.push_back(schema.field(k).name);
      absl::StrAppend(&out, "  <- ", EdgeName(e.kind),
                      keys.empty() ? "" : absl::StrCat("[", absl::StrJoin(keys, ", "), "]"),
                      " from vertex ", e.source, "\n");
    }
  }
  return out;
}

}  // namespace sluice::planner
