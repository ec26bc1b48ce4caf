#include "sluice/connectors/blackhole/blackhole_sink.h"

namespace sluice::connectors {
namespace {

class BlackholeWriter final : public runtime::SinkWriter {
 public:
  Status Open(const runtime::SinkContext& context) override {
    metrics_ = context.metrics;
    return Status();
  }
  Status Write(const types::Batch& batch) override {
    if (metrics_ != nullptr) metrics_->rows_in += static_cast<int64_t>(batch.num_rows);
    return Status();
  }
  Status Finish() override { return Status(); }

 private:
  runtime::OperatorMetrics* metrics_ = nullptr;
};

class BlackholeSink final : public TableSink {
 public:
  types::ChangelogMode accepted_changelog_mode() const override {
    return types::ChangelogMode::All();
  }
  StatusOr<std::unique_ptr<runtime::SinkWriter>> CreateWriter(int subtask_index,
                                                              int parallelism) const override {
    return std::unique_ptr<runtime::SinkWriter>(std::make_unique<BlackholeWriter>());
  }
};

}  // namespace

StatusOr<std::unique_ptr<TableSink>> BlackholeConnectorFactory::CreateSink(
    const ConnectorTable& table) const {
  return std::unique_ptr<TableSink>(std::make_unique<BlackholeSink>());
}

}  // namespace sluice::connectors
