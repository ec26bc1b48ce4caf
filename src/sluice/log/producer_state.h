// Per-partition producer state, rebuilt from the log at startup and updated on every append:
// the last batches of each idempotent producer (sequence checks and duplicate detection), the
// open transactions (the last stable offset) and the aborted ones (read_committed fetches).
#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sluice/log/record_batch.h"

namespace sluice::log {

struct AbortedTransaction {
  int64_t producer_id;
  int64_t first_offset;
  int64_t last_offset;  // the offset of the abort marker
};

enum class SequenceCheck { kOk, kDuplicate, kOutOfOrder, kFencedEpoch };

class ProducerState {
 public:
  static constexpr int64_t kNoOpenTransaction = std::numeric_limits<int64_t>::max();

  /// Checks an idempotent batch (not yet given an offset) against its producer's history. For a
  /// resend of one of the producer's last 5 batches, `*duplicate_offset` is where it was stored.
  SequenceCheck Check(const RecordBatchHeader& header, int64_t* duplicate_offset) const;

  /// Records a batch stored at `header.base_offset`; `batch` holds control batches whole.
  void Apply(const RecordBatchHeader& header, std::string_view batch);

  /// The first offset of the oldest open transaction, or kNoOpenTransaction.
  int64_t FirstOpenTransactionOffset() const;
  /// Aborted transactions overlapping [from, to).
  std::vector<AbortedTransaction> AbortedBetween(int64_t from, int64_t to) const;
  /// Forgets aborted transactions that ended before `offset` (the log start after retention).
  void ForgetBefore(int64_t offset);

 private:
  static constexpr size_t kRememberedBatches = 5;  // Kafka's max.in.flight for idempotence
  struct BatchSequence {
    int32_t first_sequence;
    int32_t last_sequence;
    int64_t base_offset;
  };
  struct Producer {
    int16_t epoch = -1;
    std::deque<BatchSequence> recent;
  };

  absl::flat_hash_map<int64_t, Producer> producers_;
  std::map<int64_t, int64_t> open_transactions_;  // producer id -> first offset
  std::vector<AbortedTransaction> aborted_;       // in marker order
};

}  // namespace sluice::log
