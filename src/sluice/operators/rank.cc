#include "sluice/operators/rank.h"

#include <iterator>

namespace sluice::operators {

using types::RowKind;
using types::Value;

Rank::Rank(const planner::PlanNode& node, bool retract, bool batch_mode, int64_t state_ttl)
    : order_(node.sort_keys),
      rank_start_(node.rank_start),
      rank_end_(node.rank_end),
      output_rank_(node.output_rank_number),
      retract_(retract),
      fast_top1_(!retract && node.rank_start == 1 && node.rank_end == 1),
      batch_mode_(batch_mode),
      ttl_(state_ttl),
      encoder_(node.partition_keys),
      writer_(node) {
  writer_.muted = batch_mode;
}

Status Rank::Open(runtime::OperatorContext* context) {
  SLUICE_RETURN_IF_ERROR(Operator::Open(context));
  writer_.set_batch_size(context->batch_size);
  return Status();
}

Status Rank::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  SortKeyLess less = order_.less();
  const bool ttl = ttl_.enabled() && !batch_mode_;
  const int64_t now = ttl ? StateTtl::Now(*context_) : 0;
  if (ttl) ttl_.Sweep(&partitions_, now);
  for (size_t r = 0; r < batch.num_rows; ++r) {
    key_.clear();
    encoder_.EncodeRow(batch, r, &key_);
    auto it = partitions_.find(key_);
    const bool accumulate = types::IsAccumulate(batch.kind(r));
    if (fast_top1_ && !accumulate) continue;
    if (it == partitions_.end()) {
      if (!accumulate) continue;  // retracting from an empty partition: nothing to do
      it = partitions_.emplace(key_, Partition(less)).first;
      if (batch_mode_) partition_order_.push_back(key_);
    } else if (ttl && ttl_.Expired(it->second.written, now)) {
      it->second.buffer.clear();  // expired: the partition starts over
      it->second.size = 0;
    }
    it->second.written = now;
    Row sort_key = order_.Read(batch, r);
    Row row;
    ReadRow(batch, r, &row);
    if (fast_top1_) {
      SLUICE_RETURN_IF_ERROR(AccumulateTop1(&it->second, std::move(sort_key), std::move(row), out));
    } else if (accumulate) {
      SLUICE_RETURN_IF_ERROR(Accumulate(&it->second, std::move(sort_key), std::move(row), out));
    } else {
      SLUICE_RETURN_IF_ERROR(Retract(&it->second, sort_key, row, out));
    }
  }
  return writer_.Flush(out);
}

Status Rank::Accumulate(Partition* p, Row sort_key, Row row, runtime::Output* out) {
  TopNBuffer& buffer = p->buffer;
  if (!retract_ && !buffer.empty()) {
    // AppendOnlyTopNFunction only keeps rows that can still be in the top N.
    const Row& worst = buffer.rbegin()->first;
    if (!buffer.key_comp()(sort_key, worst) && p->size >= rank_end_) return Status();
  }
  auto entry = buffer.try_emplace(std::move(sort_key)).first;
  entry->second.push_back(row);
  ++p->size;
  const Row& key = entry->first;
  if (output_rank_ || rank_start_ > 1) return EmitWithRowNumber(p, key, row, !retract_, out);
  if (!retract_) {
    // Without the rank column: the row pushed to N+1 leaves, then the new row enters.
    if (p->size > rank_end_) {
      auto last = std::prev(buffer.end());
      Row last_row = std::move(last->second.back());
      last->second.pop_back();
      if (last->second.empty()) buffer.erase(last);
      --p->size;
      if (last_row == row) return Status();
      SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kDelete, last_row, 0, out));
    }
    return writer_.Emit(RowKind::kInsert, row, 0, out);
  }
  // RetractableTopNFunction without the rank column.
  int64_t rank = 0;
  bool found = false;
  bool collect = false;
  const Row* to_delete = nullptr;
  for (auto it = buffer.begin(); it != buffer.end() && rank <= rank_end_; ++it) {
    const int64_t count = static_cast<int64_t>(it->second.size());
    if (!found && &it->first == &key) {
      rank += count;
      collect = writer_.InRange(rank);
      found = true;
    } else if (found) {
      if (rank + count <= rank_end_) {
        rank += count;
      } else {
        to_delete = &it->second[rank_end_ - rank];
        break;
      }
    } else {
      rank += count;
    }
  }
  if (to_delete != nullptr)
    SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kDelete, *to_delete, 0, out));
  if (collect) SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kInsert, row, 0, out));
  return Status();
}

Status Rank::AccumulateTop1(Partition* p, Row sort_key, Row row, runtime::Output* out) {
  TopNBuffer& buffer = p->buffer;
  if (buffer.empty()) {
    SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kInsert, row, 1, out));
    buffer[std::move(sort_key)].push_back(std::move(row));
    p->size = 1;
    return Status();
  }
  if (!buffer.key_comp()(sort_key, buffer.begin()->first)) return Status();
  SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kUpdateBefore, buffer.begin()->second[0], 1, out));
  SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kUpdateAfter, row, 1, out));
  buffer.clear();
  buffer[std::move(sort_key)].push_back(std::move(row));
  return Status();
}

Status Rank::EmitWithRowNumber(Partition* p, const Row& sort_key, const Row& row, bool trim,
                               runtime::Output* out) {
  TopNBuffer& buffer = p->buffer;
  int64_t rank = 0;
  bool found = false;
  const Row* current = nullptr;
  auto it = buffer.begin();
  for (; it != buffer.end() && rank <= rank_end_; ++it) {
    if (!found && &it->first == &sort_key) {
      rank += static_cast<int64_t>(it->second.size());
      current = &row;
      found = true;
    } else if (found) {
      for (size_t i = 0; i < it->second.size() && rank <= rank_end_; ++i) {
        const Row& previous = it->second[i];
        SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kUpdateBefore, previous, rank, out));
        SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kUpdateAfter, *current, rank, out));
        current = &previous;
        ++rank;
      }
    } else {
      rank += static_cast<int64_t>(it->second.size());
    }
  }
  if (rank <= rank_end_)
    SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kInsert, *current, rank, out));
  if (trim) {
    // Sort keys entirely beyond the rank end leave the buffer.
    for (auto drop = it; drop != buffer.end(); ++drop) {
      p->size -= static_cast<int64_t>(drop->second.size());
    }
    buffer.erase(it, buffer.end());
  }
  return Status();
}

Status Rank::Retract(Partition* p, const Row& sort_key, const Row& row, runtime::Output* out) {
  bool removed = false;
  if (output_rank_ || rank_start_ > 1) {
    SLUICE_RETURN_IF_ERROR(EmitRetractWithRowNumber(p, sort_key, row, &removed, out));
  } else {
    SLUICE_RETURN_IF_ERROR(EmitRetractWithoutRowNumber(p, sort_key, row, &removed, out));
  }
  auto entry = p->buffer.find(sort_key);
  if (entry == p->buffer.end()) return Status();
  std::vector<Row>& rows = entry->second;
  if (!removed) {
    // Beyond the emitted range: drop the first equal row without output.
    for (auto r = rows.begin(); r != rows.end(); ++r) {
      if (*r == row) {
        rows.erase(r);
        --p->size;
        break;
      }
    }
  }
  if (rows.empty()) p->buffer.erase(entry);
  return Status();
}

Status Rank::EmitRetractWithRowNumber(Partition* p, const Row& sort_key, const Row& row,
                                      bool* removed, runtime::Output* out) {
  TopNBuffer& buffer = p->buffer;
  const SortKeyLess& less = buffer.key_comp();
  int64_t rank = 0;
  Row previous;
  bool found = false;
  for (auto it = buffer.begin(); it != buffer.end() && rank <= rank_end_; ++it) {
    std::vector<Row>& rows = it->second;
    const bool own = !less(it->first, sort_key) && !less(sort_key, it->first);
    if (!found && own) {
      for (size_t i = 0; i < rows.size() && rank <= rank_end_;) {
        if (!found && rows[i] == row) {
          previous = std::move(rows[i]);
          rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(i));
          --p->size;
          found = true;
          *removed = true;
        } else {
          if (found) {
            SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kUpdateBefore, previous, rank, out));
            SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kUpdateAfter, rows[i], rank, out));
            previous = rows[i];
          }
          ++i;
        }
        ++rank;
      }
    } else if (found) {
      for (size_t i = 0; i < rows.size() && rank <= rank_end_; ++i) {
        SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kUpdateBefore, previous, rank, out));
        SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kUpdateAfter, rows[i], rank, out));
        previous = rows[i];
        ++rank;
      }
    } else {
      rank += static_cast<int64_t>(rows.size());
    }
  }
  if (found && rank <= rank_end_) {
    SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kDelete, previous, rank, out));
  }
  return Status();
}

Status Rank::EmitRetractWithoutRowNumber(Partition* p, const Row& sort_key, const Row& row,
                                         bool* removed, runtime::Output* out) {
  TopNBuffer& buffer = p->buffer;
  const SortKeyLess& less = buffer.key_comp();
  int64_t next_rank = 1;  // the rank the next row gets
  bool found = false;
  for (auto it = buffer.begin(); it != buffer.end() && next_rank <= rank_end_; ++it) {
    std::vector<Row>& rows = it->second;
    const bool own = !less(it->first, sort_key) && !less(sort_key, it->first);
    if (!found && own) {
      for (size_t i = 0; i < rows.size() && next_rank <= rank_end_;) {
        if (!found && rows[i] == row) {
          SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kDelete, rows[i], next_rank, out));
          rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(i));
          --p->size;
          found = true;
          *removed = true;
          continue;  // the next row takes this rank
        }
        if (found && next_rank == rank_end_) {
          SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kInsert, rows[i], next_rank, out));
        }
        ++next_rank;
        ++i;
      }
    } else if (found) {
      const int64_t last = next_rank + static_cast<int64_t>(rows.size()) - 1;
      if (last < rank_end_) {
        next_rank = last + 1;
      } else {
        // The row that moves up to the rank end enters the top N.
        SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kInsert, rows[rank_end_ - next_rank], 0, out));
        break;
      }
    } else {
      next_rank += static_cast<int64_t>(rows.size());
    }
  }
  return Status();
}

Status Rank::EndInput(int input, runtime::Output* out) {
  if (!batch_mode_) return Status();
  writer_.muted = false;
  for (const std::string& key : partition_order_) {
    const Partition& p = partitions_.at(key);
    int64_t rank = 0;
    for (const auto& [sort_key, rows] : p.buffer) {
      for (const Row& row : rows) {
        if (++rank > rank_end_) break;
        SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kInsert, row, rank, out));
      }
      if (rank > rank_end_) break;
    }
  }
  partitions_.clear();
  partition_order_.clear();
  return writer_.Flush(out);
}

}  // namespace sluice::operators
