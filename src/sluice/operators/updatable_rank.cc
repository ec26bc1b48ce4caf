#include "sluice/operators/updatable_rank.h"

#include <algorithm>
#include <iterator>

namespace sluice::operators {

using types::RowKind;
using types::Value;

UpdatableRank::UpdatableRank(const planner::PlanNode& node, bool batch_mode, int64_t state_ttl)
    : order_(node.sort_keys),
      rank_start_(node.rank_start),
      rank_end_(node.rank_end),
      output_rank_(node.output_rank_number),
      batch_mode_(batch_mode),
      ttl_(state_ttl),
      partition_encoder_(node.partition_keys),
      row_key_encoder_(node.rank_unique_key),
      writer_(node) {
  writer_.muted = batch_mode;
}

Status UpdatableRank::Open(runtime::OperatorContext* context) {
  SLUICE_RETURN_IF_ERROR(Operator::Open(context));
  writer_.set_batch_size(context->batch_size);
  return Status();
}

bool UpdatableRank::InBufferRange(const Partition& p, const Row& sort_key) const {
  if (p.buffer.empty()) return true;
  if (p.buffer.key_comp()(sort_key, p.buffer.rbegin()->first)) return true;
  return p.size < rank_end_;
}

int64_t UpdatableRank::RankOf(const Partition& p, const Row& sort_key,
                              const std::string& row_key) const {
  int64_t rank = 1;
  for (const auto& [key, row_keys] : p.buffer) {
    const bool same = !p.buffer.key_comp()(key, sort_key) && !p.buffer.key_comp()(sort_key, key);
    if (!same) {
      rank += static_cast<int64_t>(row_keys.size());
      continue;
    }
    for (const std::string& k : row_keys) {
      if (k == row_key) return rank;
      ++rank;
    }
  }
  return rank;
}

Status UpdatableRank::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  SortKeyLess less = order_.less();
  const bool ttl = ttl_.enabled() && !batch_mode_;
  const int64_t now = ttl ? StateTtl::Now(*context_) : 0;
  if (ttl) ttl_.Sweep(&partitions_, now);
  for (size_t r = 0; r < batch.num_rows; ++r) {
    if (!types::IsAccumulate(batch.kind(r))) continue;
    key_.clear();
    partition_encoder_.EncodeRow(batch, r, &key_);
    auto it = partitions_.find(key_);
    if (it == partitions_.end()) {
      it = partitions_.emplace(key_, Partition(less)).first;
      if (batch_mode_) partition_order_.push_back(key_);
    } else if (ttl && ttl_.Expired(it->second.written, now)) {
      it->second.buffer.clear();  // expired: the partition starts over
      it->second.rows.clear();
      it->second.size = 0;
    }
    it->second.written = now;
    Row sort_key = order_.Read(batch, r);
    std::string row_key;
    row_key_encoder_.EncodeRow(batch, r, &row_key);
    Row row;
    ReadRow(batch, r, &row);
    if (output_rank_ || rank_start_ > 1) {
      SLUICE_RETURN_IF_ERROR(ProcessWithRowNumber(&it->second, std::move(sort_key),
                                                  std::move(row_key), std::move(row), out));
    } else {
      SLUICE_RETURN_IF_ERROR(
          Process(&it->second, std::move(sort_key), std::move(row_key), std::move(row), out));
    }
  }
  return writer_.Flush(out);
}

namespace {

void RemoveKey(std::map<Row, std::vector<std::string>, SortKeyLess>* buffer, const Row& sort_key,
               const std::string& row_key) {
  auto entry = buffer->find(sort_key);
  if (entry == buffer->end()) return;
  auto& keys = entry->second;
  keys.erase(std::find(keys.begin(), keys.end(), row_key));
  if (keys.empty()) buffer->erase(entry);
}

}  // namespace

Status UpdatableRank::Process(Partition* p, Row sort_key, std::string row_key, Row row,
                              runtime::Output* out) {
  auto known = p->rows.find(row_key);
  if (known != p->rows.end()) {
    Row old_row = std::move(known->second);
    Row old_sort_key = order_.Of(old_row);
    if (old_sort_key != sort_key) {
      RemoveKey(&p->buffer, old_sort_key, row_key);
      p->buffer[sort_key].push_back(row_key);
    }
    known->second = row;
    SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kUpdateBefore, old_row, 0, out));
    return writer_.Emit(RowKind::kUpdateAfter, row, 0, out);
  }
  if (!InBufferRange(*p, sort_key)) return Status();
  p->buffer[sort_key].push_back(row_key);
  p->rows[row_key] = row;
  if (++p->size > rank_end_) {
    auto last = std::prev(p->buffer.end());
    std::string last_key = std::move(last->second.back());
    last->second.pop_back();
    if (last->second.empty()) p->buffer.erase(last);
    --p->size;
    auto last_row = p->rows.find(last_key);
    SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kDelete, last_row->second, 0, out));
    p->rows.erase(last_row);
  }
  return writer_.Emit(RowKind::kInsert, row, 0, out);
}

Status UpdatableRank::ProcessWithRowNumber(Partition* p, Row sort_key, std::string row_key, Row row,
                                           runtime::Output* out) {
  const SortKeyLess& less = p->buffer.key_comp();
  auto known = p->rows.find(row_key);
  if (known != p->rows.end()) {
    Row old_row = known->second;
    Row old_sort_key = order_.Of(old_row);
    if (!less(sort_key, old_sort_key) && !less(old_sort_key, sort_key)) {
      // Same place: only the row's content changes.
      const int64_t rank = RankOf(*p, sort_key, row_key);
      known->second = row;
      SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kUpdateBefore, old_row, rank, out));
      return writer_.Emit(RowKind::kUpdateAfter, row, rank, out);
    }
    if (!less(sort_key, old_sort_key)) {
      return absl::InvalidArgumentError(
          "The input retract record's sort key is lower than old sort key, this break the "
          "monotonicity on sort key field which is guaranteed by the sql semantic");
    }
    const int64_t old_rank = RankOf(*p, old_sort_key, row_key);
    RemoveKey(&p->buffer, old_sort_key, row_key);
    auto entry = p->buffer.try_emplace(std::move(sort_key)).first;
    entry->second.push_back(row_key);
    known->second = row;
    return EmitShifts(p, entry->first, row, &old_sort_key, &old_row, old_rank, out);
  }
  if (!InBufferRange(*p, sort_key)) return Status();
  auto entry = p->buffer.try_emplace(std::move(sort_key)).first;
  entry->second.push_back(row_key);
  p->rows[row_key] = row;
  ++p->size;
  return EmitShifts(p, entry->first, row, nullptr, nullptr, -1, out);
}

Status UpdatableRank::EmitShifts(Partition* p, const Row& sort_key, const Row& row,
                                 const Row* old_sort_key, const Row* old_row, int64_t old_rank,
                                 runtime::Output* out) {
  const SortKeyLess& less = p->buffer.key_comp();
  int64_t rank = 0;
  const Row* current = nullptr;
  bool found = false;
  bool old_retracted = false;
  auto it = p->buffer.begin();
  for (; it != p->buffer.end() && rank <= rank_end_; ++it) {
    const std::vector<std::string>& keys = it->second;
    if (!found && &it->first == &sort_key) {
      rank += static_cast<int64_t>(keys.size());
      current = &row;
      found = true;
      continue;
    }
    if (!found) {
      rank += static_cast<int64_t>(keys.size());
      continue;
    }
    if (old_sort_key != nullptr && less(*old_sort_key, it->first)) {
      ++it;
      break;  // beyond the row's old place nothing moves
    }
    const int64_t limit = old_sort_key == nullptr ? rank_end_ : old_rank - 1;
    for (size_t i = 0; i < keys.size() && rank <= limit; ++i) {
      const Row& previous = p->rows.at(keys[i]);
      SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kUpdateBefore, previous, rank, out));
      if (current == &row && old_row != nullptr && !old_retracted) {
        // The row's old version goes first, before its new version appears.
        SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kUpdateBefore, *old_row, old_rank, out));
        old_retracted = true;
      }
      SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kUpdateAfter, *current, rank, out));
      current = &previous;
      ++rank;
    }
  }
  if (rank <= rank_end_) {
    if (old_row == nullptr) return writer_.Emit(RowKind::kInsert, *current, rank, out);
    if (!old_retracted)
      SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kUpdateBefore, *old_row, old_rank, out));
    return writer_.Emit(RowKind::kUpdateAfter, *current, rank, out);
  }
  // Sort keys entirely beyond the rank end leave the state.
  for (auto drop = it; drop != p->buffer.end(); ++drop) {
    for (const std::string& k : drop->second) p->rows.erase(k);
    p->size -= static_cast<int64_t>(drop->second.size());
  }
  p->buffer.erase(it, p->buffer.end());
  return Status();
}

Status UpdatableRank::EndInput(int input, runtime::Output* out) {
  if (!batch_mode_) return Status();
  writer_.muted = false;
  for (const std::string& key : partition_order_) {
    const Partition& p = partitions_.at(key);
    int64_t rank = 0;
    for (const auto& [sort_key, keys] : p.buffer) {
      for (const std::string& k : keys) {
        if (++rank > rank_end_) break;
        SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kInsert, p.rows.at(k), rank, out));
      }
      if (rank > rank_end_) break;
    }
  }
  partitions_.clear();
  return writer_.Flush(out);
}

}  // namespace sluice::operators
