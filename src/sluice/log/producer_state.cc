#include "sluice/log/producer_state.h"

#include <algorithm>

namespace sluice::log {

SequenceCheck ProducerState::Check(const RecordBatchHeader& header,
                                   int64_t* duplicate_offset) const {
  if (!header.idempotent() || header.base_sequence < 0) return SequenceCheck::kOk;
  auto it = producers_.find(header.producer_id);
  // An unknown producer (new, or its batches were removed by retention) starts anywhere.
  if (it == producers_.end()) return SequenceCheck::kOk;
  const Producer& producer = it->second;
  if (header.producer_epoch < producer.epoch) return SequenceCheck::kFencedEpoch;
  if (header.producer_epoch > producer.epoch) {
    return header.base_sequence == 0 ? SequenceCheck::kOk : SequenceCheck::kOutOfOrder;
  }
  for (const BatchSequence& batch : producer.recent) {
    if (batch.first_sequence == header.base_sequence &&
        batch.last_sequence == header.last_sequence()) {
      *duplicate_offset = batch.base_offset;
      return SequenceCheck::kDuplicate;
    }
  }
  if (producer.recent.empty()) return SequenceCheck::kOk;
  int32_t last = producer.recent.back().last_sequence;
  int32_t expected = last == std::numeric_limits<int32_t>::max() ? 0 : last + 1;
  return header.base_sequence == expected ? SequenceCheck::kOk : SequenceCheck::kOutOfOrder;
}

void ProducerState::Apply(const RecordBatchHeader& header, std::string_view batch) {
  if (header.producer_id < 0) return;
  Producer& producer = producers_[header.producer_id];
  if (header.producer_epoch > producer.epoch) {
    producer.epoch = header.producer_epoch;
    producer.recent.clear();
  }
  if (header.control()) {
    auto open = open_transactions_.find(header.producer_id);
    if (open == open_transactions_.end()) return;
    auto type = ReadControlType(batch);
    if (type.ok() && *type == ControlType::kAbort) {
      aborted_.push_back({header.producer_id, open->second, header.base_offset});
    }
    open_transactions_.erase(open);
    return;
  }
  if (header.base_sequence >= 0) {
    producer.recent.push_back({header.base_sequence, header.last_sequence(), header.base_offset});
    if (producer.recent.size() > kRememberedBatches) producer.recent.pop_front();
  }
  if (header.transactional())
    open_transactions_.try_emplace(header.producer_id, header.base_offset);
}

int64_t ProducerState::FirstOpenTransactionOffset() const {
  int64_t first = kNoOpenTransaction;
  for (const auto& [producer_id, offset] : open_transactions_) first = std::min(first, offset);
  return first;
}

std::vector<AbortedTransaction> ProducerState::AbortedBetween(int64_t from, int64_t to) const {
  std::vector<AbortedTransaction> result;
  for (const AbortedTransaction& aborted : aborted_) {
    if (aborted.last_offset >= from && aborted.first_offset < to) result.push_back(aborted);
  }
  return result;
}

void ProducerState::ForgetBefore(int64_t offset) {
  std::erase_if(aborted_, [offset](const AbortedTransaction& a) { return a.last_offset < offset; });
}

}  // namespace sluice::log
