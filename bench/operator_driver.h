// OperatorDriver: creates one operator from a plan node with operators::CreateOperator and calls
// it as a task would (Open, ProcessBatch, OnWatermark then forward the watermark), into a
// NullOutput that counts what is emitted and drops it, so a benchmark times the operator alone.
// Dropping a batch still frees its memory inside the timed region, as a real consumer would.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <utility>

#include "benchmark/benchmark.h"
#include "sluice/operators/operator_factory.h"
#include "sluice/runtime/operator.h"

namespace sluice::bench {

class NullOutput : public runtime::Output {
 public:
  Status Collect(types::Batch batch) override {
    rows += static_cast<int64_t>(batch.num_rows);
    ++batches;
    return Status();
  }
  Status EmitWatermark(int64_t watermark) override {
    last_watermark = watermark;
    return Status();
  }

  int64_t rows = 0;
  int64_t batches = 0;
  int64_t last_watermark = 0;
};

/// Aborts the benchmark run with `status`'s message when it is an error: a benchmark that
/// silently measures an error path would report a meaningless figure.
inline void CheckOk(const Status& status, benchmark::State& state) {
  if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
}

class OperatorDriver {
 public:
  explicit OperatorDriver(const planner::PlanNode& node, Options options = Options())
      : options_(std::move(options)) {
    context_.options = &options_;
    context_.metrics = &metrics_;
    auto created = operators::CreateOperator(node, options_);
    if (!created.ok()) {
      std::fprintf(stderr, "CreateOperator failed: %s\n",
                   std::string(created.status().message()).c_str());
      std::abort();
    }
    operator_ = std::move(*created);
    Status opened = operator_->Open(&context_);
    if (!opened.ok()) {
      std::fprintf(stderr, "Open failed: %s\n", std::string(opened.message()).c_str());
      std::abort();
    }
  }

  /// `batch` is copied (shared column pointers, no data), as ProcessBatch takes it by value.
  Status Process(const types::Batch& batch, int input = 0) {
    return operator_->ProcessBatch(input, batch, &output_);
  }
  Status Watermark(int64_t watermark) {
    SLUICE_RETURN_IF_ERROR(operator_->OnWatermark(watermark, &output_));
    return output_.EmitWatermark(operator_->OutputWatermark(watermark));
  }
  Status End() { return operator_->EndInput(0, &output_); }

  const NullOutput& output() const { return output_; }
  const runtime::Operator* op() const { return operator_.get(); }
  const runtime::OperatorMetrics& metrics() const { return metrics_; }

 private:
  Options options_;
  runtime::OperatorMetrics metrics_;
  runtime::OperatorContext context_;
  NullOutput output_;
  runtime::OperatorPtr operator_;
};

}  // namespace sluice::bench
