#include "sluice/runtime/chain.h"

#include <algorithm>

namespace sluice::runtime {

/// The Output of chain[index]: the next operator, or the chain's tail after the last one.
class Chain::LinkOutput : public Output {
 public:
  LinkOutput(Chain* chain, size_t index) : chain_(chain), index_(index) {}

  Status Collect(types::Batch batch) override;
  Status EmitWatermark(int64_t watermark) override;

 private:
  Chain* chain_;
  size_t index_;
  int64_t last_watermark_ = kMinWatermark;
};

struct Chain::Slot {
  OperatorPtr op;
  OperatorContext context;
  OperatorMetrics metrics;
  TimerQueue timers;
  std::unique_ptr<LinkOutput> out;
  bool open_attempted = false;
  // Values of metrics already added to JobProgress.
  int64_t reported_late_rows = 0;
  int64_t reported_skipped = 0;
};

Status Chain::LinkOutput::Collect(types::Batch batch) {
  Slot& slot = *chain_->slots_[index_];
  slot.metrics.rows_out += static_cast<int64_t>(batch.num_rows);
  if (index_ + 1 < chain_->slots_.size()) return chain_->Deliver(index_ + 1, 0, std::move(batch));
  return chain_->tail_->Collect(std::move(batch));
}

Status Chain::LinkOutput::EmitWatermark(int64_t watermark) {
  if (watermark <= last_watermark_) return Status();
  last_watermark_ = watermark;
  if (index_ + 1 < chain_->slots_.size()) {
    Slot& next = *chain_->slots_[index_ + 1];
    SLUICE_RETURN_IF_ERROR(next.op->OnWatermark(watermark, next.out.get()));
    return next.out->EmitWatermark(next.op->OutputWatermark(watermark));
  }
  return chain_->tail_->EmitWatermark(watermark);
}

Chain::Chain(Output* tail, std::atomic<int64_t>* rows_written)
    : tail_(tail), rows_written_(rows_written) {}

Chain::~Chain() = default;

void Chain::Add(OperatorPtr op, const OperatorContext& context) {
  auto slot = std::make_unique<Slot>();
  slot->op = std::move(op);
  slot->context = context;
  slot->context.timers = &slot->timers;
  slot->context.metrics = &slot->metrics;
  slot->out = std::make_unique<LinkOutput>(this, slots_.size());
  slots_.push_back(std::move(slot));
}

Status Chain::Open() {
  for (auto& slot : slots_) {
    slot->open_attempted = true;
    SLUICE_RETURN_IF_ERROR(slot->op->Open(&slot->context));
  }
  return Status();
}

void Chain::Close() {
  for (auto& slot : slots_) {
    if (slot->open_attempted) slot->op->Close();
    slot->open_attempted = false;
  }
}

Status Chain::Deliver(size_t index, int input, types::Batch batch) {
  Slot& slot = *slots_[index];
  const auto rows = static_cast<int64_t>(batch.num_rows);
  slot.metrics.rows_in += rows;
  if (rows_written_ != nullptr && index + 1 == slots_.size()) {
    rows_written_->fetch_add(rows, std::memory_order_relaxed);
  }
  return slot.op->ProcessBatch(input, std::move(batch), slot.out.get());
}

Status Chain::ProcessBatch(int input, types::Batch batch) {
  if (slots_.empty()) return tail_->Collect(std::move(batch));
  return Deliver(0, input, std::move(batch));
}

Status Chain::AdvanceWatermark(int64_t watermark) {
  if (slots_.empty()) return tail_->EmitWatermark(watermark);
  Slot& head = *slots_[0];
  SLUICE_RETURN_IF_ERROR(head.op->OnWatermark(watermark, head.out.get()));
  return head.out->EmitWatermark(head.op->OutputWatermark(watermark));
}

Status Chain::EndHeadInput(int input) {
  if (slots_.empty()) return Status();
  return slots_[0]->op->EndInput(input, slots_[0]->out.get());
}

Status Chain::EndChainedInputs() {
  for (size_t i = 1; i < slots_.size(); ++i) {
    SLUICE_RETURN_IF_ERROR(slots_[i]->op->EndInput(0, slots_[i]->out.get()));
  }
  return Status();
}

int64_t Chain::EarliestTimer() const {
  int64_t earliest = TimerQueue::kNoTimer;
  for (const auto& slot : slots_) earliest = std::min(earliest, slot->timers.earliest());
  return earliest;
}

Status Chain::FireTimers(int64_t now_micros) {
  for (auto& slot : slots_) {
    if (slot->timers.PopDue(now_micros)) {
      SLUICE_RETURN_IF_ERROR(slot->op->OnProcessingTime(now_micros, slot->out.get()));
    }
  }
  return Status();
}

void Chain::SetCurrentSplit(int split) {
  for (auto& slot : slots_) slot->context.current_split = split;
}

Status Chain::SplitFinished(int split) {
  for (auto& slot : slots_) {
    SLUICE_RETURN_IF_ERROR(slot->op->OnSplitFinished(split, slot->out.get()));
  }
  return Status();
}

void Chain::FlushMetrics(JobProgress* progress) {
  for (auto& slot : slots_) {
    const OperatorMetrics& m = slot->metrics;
    if (m.late_rows_dropped != slot->reported_late_rows) {
      progress->late_rows_dropped.fetch_add(m.late_rows_dropped - slot->reported_late_rows,
                                            std::memory_order_relaxed);
      slot->reported_late_rows = m.late_rows_dropped;
    }
    if (m.records_skipped != slot->reported_skipped) {
      progress->records_skipped.fetch_add(m.records_skipped - slot->reported_skipped,
                                          std::memory_order_relaxed);
      slot->reported_skipped = m.records_skipped;
    }
  }
}

}  // namespace sluice::runtime
