#include "sluice/session/job_translator.h"

#include <mutex>

#include "sluice/operators/operator_factory.h"
#include "sluice/operators/sink_operator.h"
#include "sluice/operators/values_reader.h"
#include "sluice/session/connector_inspector.h"

namespace sluice::session {
namespace {

/// The sink of a SELECT: hands batches to the client's listener, one subtask at a time.
class CollectWriter : public runtime::SinkWriter {
 public:
  CollectWriter(QueryListener* listener, std::shared_ptr<std::mutex> mutex)
      : listener_(listener), mutex_(std::move(mutex)) {}
  Status Open(const runtime::SinkContext& context) override { return Status(); }
  Status Write(const types::Batch& batch) override {
    std::lock_guard<std::mutex> lock(*mutex_);
    if (listener_ != nullptr) listener_->OnBatch(batch);
    return Status();
  }
  Status Finish() override { return Status(); }

 private:
  QueryListener* listener_;
  std::shared_ptr<std::mutex> mutex_;
};

}  // namespace

StatusOr<runtime::JobSpec> TranslateJob(const planner::JobGraph& graph, const Options& config,
                                        QueryListener* listener) {
  runtime::JobSpec spec;
  spec.options = config;
  auto collect_mutex = std::make_shared<std::mutex>();
  for (const planner::JobVertex& vertex : graph.vertices) {
    runtime::VertexSpec v;
    v.name = vertex.Name();
    v.parallelism = vertex.parallelism;
    for (const planner::JobEdge& edge : vertex.inputs) {
      runtime::EdgeSpec e;
      e.source_vertex = edge.source;
      e.key_columns = edge.keys;
      e.target_input = edge.target_input;
      switch (edge.kind) {
        case planner::EdgeKind::kForward:
          e.partitioner = runtime::PartitionerKind::kForward;
          break;
        case planner::EdgeKind::kHash:
          e.partitioner = runtime::PartitionerKind::kHash;
          break;
        case planner::EdgeKind::kGlobal:
          e.partitioner = runtime::PartitionerKind::kGlobal;
          break;
        case planner::EdgeKind::kRebalance:
          e.partitioner = runtime::PartitionerKind::kRebalance;
          break;
      }
      v.inputs.push_back(e);
    }
    for (size_t i = 0; i < vertex.chain.size(); ++i) {
      planner::PlanPtr node = vertex.chain[i];
      if (node->kind == planner::NodeKind::kScan) {
        connectors::ConnectorTable table = ToConnectorTable(*node->table, node->dynamic_options);
        table.projection = node->projection;
        SLUICE_ASSIGN_OR_RETURN(const connectors::ConnectorFactory* factory,
                                ValidatedFactory(table));
        SLUICE_ASSIGN_OR_RETURN(std::unique_ptr<connectors::TableSource> source,
                                factory->CreateSource(table));
        std::shared_ptr<connectors::TableSource> shared(std::move(source));
        int parallelism = vertex.parallelism;
        v.source = [shared, parallelism](int subtask) {
          return shared->CreateReader(subtask, parallelism);
        };
      } else if (node->kind == planner::NodeKind::kValues) {
        v.source = [node](int subtask) -> StatusOr<std::unique_ptr<runtime::SourceReader>> {
          return std::unique_ptr<runtime::SourceReader>(
              std::make_unique<operators::ValuesReader>(*node));
        };
      } else if (node->kind == planner::NodeKind::kSink) {
        if (node->sink_table == nullptr) {
          v.chain.push_back([listener, collect_mutex](int) -> StatusOr<runtime::OperatorPtr> {
            return runtime::OperatorPtr(std::make_unique<operators::SinkOperator>(
                std::make_unique<CollectWriter>(listener, collect_mutex), false, "Collect"));
          });
          continue;
        }
        connectors::ConnectorTable table = ToConnectorTable(*node->sink_table);
        SLUICE_ASSIGN_OR_RETURN(const connectors::ConnectorFactory* factory,
                                ValidatedFactory(table));
        SLUICE_ASSIGN_OR_RETURN(std::unique_ptr<connectors::TableSink> sink,
                                factory->CreateSink(table));
        std::shared_ptr<connectors::TableSink> shared(std::move(sink));
        bool drop_update_before = !shared->accepted_changelog_mode().update_before;
        int parallelism = vertex.parallelism;
        std::string name = "Sink: " + node->sink_table->path.name;
        v.chain.push_back([shared, parallelism, drop_update_before,
                           name](int subtask) -> StatusOr<runtime::OperatorPtr> {
          SLUICE_ASSIGN_OR_RETURN(auto writer, shared->CreateWriter(subtask, parallelism));
          return runtime::OperatorPtr(std::make_unique<operators::SinkOperator>(
              std::move(writer), drop_update_before, name));
        });
      } else {
        // Validate now so configuration errors surface before the job starts.
        SLUICE_RETURN_IF_ERROR(operators::CreateOperator(*node, config).status());
        v.chain.push_back([node, config](int) { return operators::CreateOperator(*node, config); });
      }
    }
    spec.vertices.push_back(std::move(v));
  }
  return spec;
}

}  // namespace sluice::session
