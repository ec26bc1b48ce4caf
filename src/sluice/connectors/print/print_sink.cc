#include "sluice/connectors/print/print_sink.h"

#include "absl/strings/str_cat.h"
#include "sluice/types/value.h"

namespace sluice::connectors {
namespace {

class StandardStreamOutput final : public LineOutput {
 public:
  explicit StandardStreamOutput(FILE* stream) : stream_(stream) {}
  void Write(std::string_view text) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::fwrite(text.data(), 1, text.size(), stream_);
    std::fflush(stream_);
  }

 private:
  FILE* stream_;
  std::mutex mutex_;
};

class PrintWriter final : public runtime::SinkWriter {
 public:
  PrintWriter(std::string prefix, std::shared_ptr<LineOutput> output)
      : prefix_(std::move(prefix)), output_(std::move(output)) {}

  Status Open(const runtime::SinkContext& context) override {
    zone_ = context.local_time_zone;
    metrics_ = context.metrics;
    return Status();
  }

  Status Write(const types::Batch& batch) override {
    text_.clear();
    for (size_t row = 0; row < batch.num_rows; ++row) {
      text_.append(prefix_);
      text_.append(types::RowKindShortString(batch.kind(row)));
      text_.push_back('[');
      for (size_t i = 0; i < batch.columns.size(); ++i) {
        if (i > 0) text_.append(", ");
        const types::Column& column = *batch.columns[i];
        if (column.IsNull(row)) {
          text_.append("null");
        } else {
          types::AppendFormatted(column, row, zone_, &text_);
        }
      }
      text_.append("]\n");
    }
    if (!text_.empty()) output_->Write(text_);
    if (metrics_ != nullptr) metrics_->rows_in += static_cast<int64_t>(batch.num_rows);
    return Status();
  }

  Status Finish() override { return Status(); }

 private:
  std::string prefix_;
  std::shared_ptr<LineOutput> output_;
  absl::TimeZone zone_ = absl::UTCTimeZone();
  runtime::OperatorMetrics* metrics_ = nullptr;
  std::string text_;  // one batch's lines, reused
};

}  // namespace

std::shared_ptr<LineOutput> StandardLineOutput(bool standard_error) {
  static auto* out =
      new std::shared_ptr<LineOutput>(std::make_shared<StandardStreamOutput>(stdout));
  static auto* err =
      new std::shared_ptr<LineOutput>(std::make_shared<StandardStreamOutput>(stderr));
  return standard_error ? *err : *out;
}

std::string PrintLinePrefix(std::string_view identifier, int subtask_index, int parallelism) {
  std::string prefix(identifier);
  if (parallelism > 1) {
    if (!prefix.empty()) prefix.push_back(':');
    absl::StrAppend(&prefix, subtask_index + 1);
  }
  if (!prefix.empty()) prefix.append("> ");
  return prefix;
}

StatusOr<std::unique_ptr<runtime::SinkWriter>> PrintTableSink::CreateWriter(int subtask_index,
                                                                            int parallelism) const {
  return std::unique_ptr<runtime::SinkWriter>(std::make_unique<PrintWriter>(
      PrintLinePrefix(identifier_, subtask_index, parallelism), output_));
}

StatusOr<std::unique_ptr<TableSink>> PrintConnectorFactory::CreateSink(
    const ConnectorTable& table) const {
  SLUICE_ASSIGN_OR_RETURN(bool standard_error, table.options.GetBool("standard-error", false));
  SLUICE_ASSIGN_OR_RETURN(std::optional<int> parallelism, SinkParallelism(table));
  return std::unique_ptr<TableSink>(
      std::make_unique<PrintTableSink>(table.options.GetOr("print-identifier", ""),
                                       StandardLineOutput(standard_error), parallelism));
}

}  // namespace sluice::connectors
