#include "sluice/log/server/transaction_coordinator.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "sluice/common/logging.h"
#include "sluice/log/atomic_file.h"

namespace sluice::log {

StatusOr<std::unique_ptr<TransactionCoordinator>> TransactionCoordinator::Open(
    const std::string& data_dir, LogManager* logs, OffsetStore* offsets, int64_t now_ms) {
  std::unique_ptr<TransactionCoordinator> coordinator(
      new TransactionCoordinator(data_dir + "/transactions.state", logs, offsets));
  SLUICE_RETURN_IF_ERROR(coordinator->Load());
  bool changed = false;
  for (auto& [id, transaction] : coordinator->transactions_) {
    if (!transaction.open) continue;
    LogInfo("aborting transaction '{}' left open by the previous run", id);
    ++transaction.epoch;  // markers of the new epoch fence the producer of the open transaction
    coordinator->Finish(transaction, false, now_ms);
    changed = true;
  }
  if (changed) SLUICE_RETURN_IF_ERROR(coordinator->Save());
  return coordinator;
}

// File format: "next <id>" then one line per transactional id:
// "<hex id> <producer id> <epoch> <timeout ms> <open 0|1> <topic>:<partition>,..."
Status TransactionCoordinator::Load() {
  auto text = ReadWholeFile(path_);
  if (absl::IsNotFound(text.status())) return Status();
  SLUICE_RETURN_IF_ERROR(text.status());
  for (absl::string_view line : absl::StrSplit(*text, '\n', absl::SkipEmpty())) {
    std::vector<std::string> fields = absl::StrSplit(line, ' ');
    if (fields.size() == 2 && fields[0] == "next" &&
        absl::SimpleAtoi(fields[1], &next_producer_id_)) {
      continue;
    }
    Transaction transaction;
    int32_t epoch = 0;
    int32_t open = 0;
    if (fields.size() != 6 || !absl::SimpleAtoi(fields[1], &transaction.producer_id) ||
        !absl::SimpleAtoi(fields[2], &epoch) ||
        !absl::SimpleAtoi(fields[3], &transaction.timeout_ms) ||
        !absl::SimpleAtoi(fields[4], &open)) {
      return absl::DataLossError(
          absl::StrCat("corrupt transaction state '", path_, "': line '", std::string(line), "'"));
    }
    transaction.epoch = static_cast<int16_t>(epoch);
    transaction.open = open != 0;
    for (absl::string_view item : absl::StrSplit(fields[5], ',', absl::SkipEmpty())) {
      size_t colon = item.rfind(':');
      int32_t partition = 0;
      if (colon == absl::string_view::npos ||
          !absl::SimpleAtoi(item.substr(colon + 1), &partition)) {
        continue;
      }
      transaction.partitions.emplace(std::string(item.substr(0, colon)), partition);
    }
    transactions_[absl::HexStringToBytes(fields[0])] = std::move(transaction);
  }
  return Status();
}

Status TransactionCoordinator::Save() {
  std::string text = absl::StrCat("next ", next_producer_id_, "\n");
  for (const auto& [id, t] : transactions_) {
    std::string partitions;
    for (const auto& [topic, partition] : t.partitions) {
      absl::StrAppend(&partitions, partitions.empty() ? "" : ",", topic, ":", partition);
    }
    absl::StrAppend(&text, absl::BytesToHexString(id), " ", t.producer_id, " ", t.epoch, " ",
                    t.timeout_ms, " ", t.open ? 1 : 0, " ", partitions.empty() ? "," : partitions,
                    "\n");
  }
  return WriteFileAtomically(path_, text);
}

int64_t TransactionCoordinator::NextProducerId() { return next_producer_id_++; }

TransactionCoordinator::ProducerIdentity TransactionCoordinator::InitProducerId(
    const std::optional<std::string>& transactional_id, int32_t timeout_ms, int64_t now_ms) {
  ProducerIdentity identity;
  if (!transactional_id || transactional_id->empty()) {
    identity.producer_id = NextProducerId();
    identity.epoch = 0;
    if (!Save().ok()) return {ErrorCode::kKafkaStorageError, -1, -1};
    return identity;
  }
  if (timeout_ms <= 0 || timeout_ms > kMaxTimeoutMs) {
    return {ErrorCode::kInvalidTransactionTimeout, -1, -1};
  }
  auto [it, added] = transactions_.try_emplace(*transactional_id);
  Transaction& transaction = it->second;
  if (transaction.open) {
    // The previous producer's transaction is aborted with markers of the new epoch, which
    // fence that producer in every partition it wrote to.
    ++transaction.epoch;
    Finish(transaction, false, now_ms);
  } else if (added || transaction.epoch >= 32766) {
    transaction.producer_id = NextProducerId();
    transaction.epoch = 0;
  } else {
    ++transaction.epoch;
  }
  transaction.timeout_ms = timeout_ms;
  if (!Save().ok()) return {ErrorCode::kKafkaStorageError, -1, -1};
  return {ErrorCode::kNone, transaction.producer_id, transaction.epoch};
}

ErrorCode TransactionCoordinator::Check(const std::string& transactional_id, int64_t producer_id,
                                        int16_t epoch, Transaction** transaction) {
  auto it = transactions_.find(transactional_id);
  if (it == transactions_.end() || it->second.producer_id != producer_id) {
    return ErrorCode::kInvalidProducerIdMapping;
  }
  if (epoch != it->second.epoch) return ErrorCode::kInvalidProducerEpoch;
  *transaction = &it->second;
  return ErrorCode::kNone;
}

ErrorCode TransactionCoordinator::AddPartition(const std::string& transactional_id,
                                               int64_t producer_id, int16_t epoch,
                                               const std::string& topic, int32_t partition,
                                               int64_t now_ms) {
  Transaction* transaction = nullptr;
  ErrorCode error = Check(transactional_id, producer_id, epoch, &transaction);
  if (error != ErrorCode::kNone) return error;
  if (logs_->FindPartition(topic, partition) == nullptr) {
    return ErrorCode::kUnknownTopicOrPartition;
  }
  if (!transaction->open) {
    transaction->open = true;
    transaction->started_ms = now_ms;
  }
  if (transaction->partitions.emplace(topic, partition).second) {
    if (!Save().ok()) return ErrorCode::kKafkaStorageError;
  }
  return ErrorCode::kNone;
}

ErrorCode TransactionCoordinator::VerifyPartition(int64_t producer_id, int16_t epoch,
                                                  const std::string& topic,
                                                  int32_t partition) const {
  for (const auto& [id, transaction] : transactions_) {
    if (transaction.producer_id != producer_id) continue;
    if (epoch != transaction.epoch) return ErrorCode::kInvalidProducerEpoch;
    if (!transaction.open || !transaction.partitions.contains({topic, partition})) {
      return ErrorCode::kInvalidTxnState;
    }
    return ErrorCode::kNone;
  }
  return ErrorCode::kInvalidProducerIdMapping;
}

ErrorCode TransactionCoordinator::AddOffsets(const std::string& transactional_id,
                                             int64_t producer_id, int16_t epoch,
                                             const std::string& group_id, int64_t now_ms) {
  Transaction* transaction = nullptr;
  ErrorCode error = Check(transactional_id, producer_id, epoch, &transaction);
  if (error != ErrorCode::kNone) return error;
  if (group_id.empty()) return ErrorCode::kInvalidGroupId;
  if (!transaction->open) {
    transaction->open = true;
    transaction->started_ms = now_ms;
    if (!Save().ok()) return ErrorCode::kKafkaStorageError;
  }
  transaction->staged_offsets[group_id];
  return ErrorCode::kNone;
}

ErrorCode TransactionCoordinator::StageOffsets(
    const std::string& transactional_id, int64_t producer_id, int16_t epoch,
    const std::string& group_id,
    const std::vector<std::pair<OffsetStore::PartitionKey, CommittedOffset>>& offsets) {
  Transaction* transaction = nullptr;
  ErrorCode error = Check(transactional_id, producer_id, epoch, &transaction);
  if (error != ErrorCode::kNone) return error;
  if (!transaction->open || !transaction->staged_offsets.contains(group_id)) {
    return ErrorCode::kInvalidTxnState;
  }
  auto& staged = transaction->staged_offsets[group_id];
  staged.insert(staged.end(), offsets.begin(), offsets.end());
  return ErrorCode::kNone;
}

ErrorCode TransactionCoordinator::End(const std::string& transactional_id, int64_t producer_id,
                                      int16_t epoch, bool commit, int64_t now_ms) {
  Transaction* transaction = nullptr;
  ErrorCode error = Check(transactional_id, producer_id, epoch, &transaction);
  if (error != ErrorCode::kNone) return error;
  if (!transaction->open) {
    // A retried EndTxn of the transaction that just ended succeeds again.
    return transaction->last_committed == commit ? ErrorCode::kNone : ErrorCode::kInvalidTxnState;
  }
  error = Finish(*transaction, commit, now_ms);
  if (error != ErrorCode::kNone) return error;
  return Save().ok() ? ErrorCode::kNone : ErrorCode::kKafkaStorageError;
}

ErrorCode TransactionCoordinator::Finish(Transaction& transaction, bool commit, int64_t now_ms) {
  ControlType type = commit ? ControlType::kCommit : ControlType::kAbort;
  for (const auto& [topic, partition] : transaction.partitions) {
    PartitionLog* log = logs_->FindPartition(topic, partition);
    if (log == nullptr) continue;  // deleted meanwhile
    auto marker = log->AppendMarker(transaction.producer_id, transaction.epoch, type, now_ms);
    if (!marker.ok()) {
      LogWarn("cannot write a transaction marker to {}-{}: {}", topic, partition,
              std::string(marker.status().message()));
      return ErrorCode::kKafkaStorageError;
    }
  }
  if (commit) {
    for (const auto& [group_id, offsets] : transaction.staged_offsets) {
      if (!offsets.empty() && !offsets_->Commit(group_id, offsets).ok()) {
        return ErrorCode::kKafkaStorageError;
      }
    }
  }
  transaction.open = false;
  transaction.last_committed = commit;
  transaction.partitions.clear();
  transaction.staged_offsets.clear();
  return ErrorCode::kNone;
}

int64_t TransactionCoordinator::Tick(int64_t now_ms) {
  int64_t next = 1000;
  bool changed = false;
  for (auto& [id, transaction] : transactions_) {
    if (!transaction.open) continue;
    int64_t deadline = transaction.started_ms + transaction.timeout_ms;
    if (now_ms < deadline) {
      next = std::min(next, deadline - now_ms);
      continue;
    }
    LogInfo("aborting transaction '{}': open longer than {} ms", id, transaction.timeout_ms);
    ++transaction.epoch;  // the producer is fenced, as Kafka does on a timeout
    Finish(transaction, false, now_ms);
    changed = true;
  }
  if (changed && !Save().ok()) LogWarn("cannot save the transaction state");
  return next;
}

}  // namespace sluice::log
