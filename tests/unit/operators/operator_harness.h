// OperatorHarness: drives one operator the way a task would (Open, ProcessBatch, OnWatermark,
// OnProcessingTime, EndInput) and records what it emits as text rows "+I[a, 1]" and watermarks,
// so tests compare exact changelogs.
#pragma once

#include <string>
#include <vector>

#include "sluice/runtime/operator.h"
#include "sluice/types/batch.h"
#include "sluice/types/temporal.h"
#include "sluice/types/value.h"

namespace sluice::operators::testing {

using types::Value;

/// Processing time under the test's control; records registered timers.
class ManualTimers : public runtime::TimerService {
 public:
  void RegisterProcessingTimer(int64_t time_micros) override { timers.push_back(time_micros); }
  int64_t CurrentProcessingTime() const override { return now; }
  int64_t now = 1'000'000'000;
  std::vector<int64_t> timers;
};

class OperatorHarness : public runtime::Output {
 public:
  explicit OperatorHarness(runtime::Operator* op, Options options = Options(),
                           absl::TimeZone zone = absl::UTCTimeZone(), int64_t batch_size = 1024)
      : op_(op), options_(std::move(options)) {
    context_.options = &options_;
    context_.local_time_zone = zone;
    context_.timers = &timers_;
    context_.metrics = &metrics_;
    context_.batch_size = batch_size;
  }

  Status Open() { return op_->Open(&context_); }
  Status Process(types::Batch batch, int input = 0) {
    return op_->ProcessBatch(input, std::move(batch), this);
  }
  /// Like the chain: OnWatermark, then forward it.
  Status Watermark(int64_t watermark) {
    SLUICE_RETURN_IF_ERROR(op_->OnWatermark(watermark, this));
    return EmitWatermark(op_->OutputWatermark(watermark));
  }
  Status AdvanceTime(int64_t now) {
    timers_.now = now;
    return op_->OnProcessingTime(now, this);
  }
  Status End(int input = 0) { return op_->EndInput(input, this); }

  // runtime::Output
  Status Collect(types::Batch batch) override {
    if (batch.columns.size() != batch.schema->size()) {
      return absl::InternalError("batch has a column count different from its schema");
    }
    for (const auto& column : batch.columns) {
      if (column->size() != batch.num_rows) {
        return absl::InternalError("column size differs from the batch's row count");
      }
    }
    for (size_t row = 0; row < batch.num_rows; ++row) {
      std::string text(types::RowKindShortString(batch.kind(row)));
      text += "[";
      for (size_t c = 0; c < batch.columns.size(); ++c) {
        if (c > 0) text += ", ";
        text += types::FormatValue(types::GetValue(*batch.columns[c], row),
                                   batch.schema->field(c).type, context_.local_time_zone);
      }
      text += "]";
      rows.push_back(text);
    }
    batches.push_back(std::move(batch));
    return Status();
  }
  Status EmitWatermark(int64_t watermark) override {
    watermarks.push_back(watermark);
    return Status();
  }

  /// Returns and clears the rows collected so far.
  std::vector<std::string> TakeRows() {
    std::vector<std::string> out;
    out.swap(rows);
    return out;
  }

  runtime::OperatorContext& context() { return context_; }
  runtime::OperatorMetrics& metrics() { return metrics_; }
  ManualTimers& timers() { return timers_; }

  std::vector<std::string> rows;
  std::vector<int64_t> watermarks;
  std::vector<types::Batch> batches;

 private:
  runtime::Operator* op_;
  Options options_;
  ManualTimers timers_;
  runtime::OperatorMetrics metrics_;
  runtime::OperatorContext context_;
};

/// A batch of `schema` from rows of values; `kinds` empty means all +I.
inline types::Batch MakeBatch(const types::SchemaPtr& schema,
                              const std::vector<std::vector<Value>>& rows,
                              const std::vector<types::RowKind>& kinds = {}) {
  types::Batch batch(schema);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) types::AppendValue(batch.columns[c].get(), row[c]);
  }
  batch.num_rows = rows.size();
  batch.row_kinds = kinds;
  return batch;
}

/// Micros of a TIMESTAMP text ("2021-04-13 20:12:11.123").
inline int64_t Ts(const std::string& text) {
  int64_t micros = 0;
  types::ParseTimestamp(text, &micros);
  return micros;
}

}  // namespace sluice::operators::testing
