// Producer ids and transactions (KIP-98): hands out producer ids (never reused: the next id is
// persisted), tracks each transactional id's producer id, epoch, state and the partitions and
// group offsets of its open transaction, and ends a transaction by writing COMMIT or ABORT
// markers into those partitions (and applying the staged offsets on commit). Its state is
// persisted in DIR/transactions.state on every change; transactions left open by a crash are
// aborted (and their producer fenced) when the broker starts. Single-threaded.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/log/log_manager.h"
#include "sluice/log/server/kafka_protocol.h"
#include "sluice/log/server/offset_store.h"

namespace sluice::log {

class TransactionCoordinator {
 public:
  static constexpr int32_t kMaxTimeoutMs = 900000;  // transaction.max.timeout.ms

  struct ProducerIdentity {
    ErrorCode error = ErrorCode::kNone;
    int64_t producer_id = -1;
    int16_t epoch = -1;
  };

  static StatusOr<std::unique_ptr<TransactionCoordinator>> Open(const std::string& data_dir,
                                                                LogManager* logs,
                                                                OffsetStore* offsets,
                                                                int64_t now_ms);

  /// A new producer id (idempotent producer), or the transactional id's one with a bumped
  /// epoch (an open transaction of the previous epoch is aborted first).
  ProducerIdentity InitProducerId(const std::optional<std::string>& transactional_id,
                                  int32_t timeout_ms, int64_t now_ms);
  ErrorCode AddPartition(const std::string& transactional_id, int64_t producer_id, int16_t epoch,
                         const std::string& topic, int32_t partition, int64_t now_ms);
  /// Whether a transactional batch of (producer id, epoch) may be written to the partition:
  /// only while its transaction is open and the partition was added to it. A batch that slipped
  /// past this would open a transaction no marker ever closes, holding the stable offset back.
  ErrorCode VerifyPartition(int64_t producer_id, int16_t epoch, const std::string& topic,
                            int32_t partition) const;
  ErrorCode AddOffsets(const std::string& transactional_id, int64_t producer_id, int16_t epoch,
                       const std::string& group_id, int64_t now_ms);
  ErrorCode StageOffsets(
      const std::string& transactional_id, int64_t producer_id, int16_t epoch,
      const std::string& group_id,
      const std::vector<std::pair<OffsetStore::PartitionKey, CommittedOffset>>& offsets);
  ErrorCode End(const std::string& transactional_id, int64_t producer_id, int16_t epoch,
                bool commit, int64_t now_ms);
  /// Aborts transactions open longer than their timeout; returns ms until the next check.
  int64_t Tick(int64_t now_ms);

 private:
  struct Transaction {
    int64_t producer_id = -1;
    int16_t epoch = -1;
    int32_t timeout_ms = 60000;
    bool open = false;
    bool last_committed = false;  // how the last transaction ended (a retried EndTxn)
    int64_t started_ms = 0;
    std::set<std::pair<std::string, int32_t>> partitions;
    std::map<std::string, std::vector<std::pair<OffsetStore::PartitionKey, CommittedOffset>>>
        staged_offsets;  // by group
  };

  TransactionCoordinator(std::string path, LogManager* logs, OffsetStore* offsets)
      : path_(std::move(path)), logs_(logs), offsets_(offsets) {}
  Status Load();
  Status Save();
  int64_t NextProducerId();
  ErrorCode Check(const std::string& transactional_id, int64_t producer_id, int16_t epoch,
                  Transaction** transaction);
  ErrorCode Finish(Transaction& transaction, bool commit, int64_t now_ms);

  std::string path_;
  LogManager* logs_;
  OffsetStore* offsets_;
  int64_t next_producer_id_ = 1000;
  std::map<std::string, Transaction> transactions_;
};

}  // namespace sluice::log
