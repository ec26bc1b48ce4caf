#include "sluice/operators/regular_join.h"

#include <algorithm>

namespace sluice::operators {

using types::RowKind;
using types::Value;

RegularJoin::RegularJoin(const planner::PlanNode& node, bool batch_mode, int64_t state_ttl)
    : schema_(node.schema),
      condition_(node.condition, node.schema),
      batch_mode_(batch_mode),
      ttl_(batch_mode ? 0 : state_ttl),
      encoders_{KeyEncoder(node.left_keys), KeyEncoder(node.right_keys)},
      writer_(node.schema) {
  sides_[0].keys = node.left_keys;
  sides_[1].keys = node.right_keys;
  sides_[0].outer =
      node.join_kind == planner::JoinKind::kLeft || node.join_kind == planner::JoinKind::kFull;
  sides_[1].outer =
      node.join_kind == planner::JoinKind::kRight || node.join_kind == planner::JoinKind::kFull;
  sides_[0].width = node.inputs[0]->schema->size();
  sides_[1].width = node.inputs[1]->schema->size();
  null_rows_[0].assign(sides_[0].width, Value::Null());
  null_rows_[1].assign(sides_[1].width, Value::Null());
}

Status RegularJoin::Open(runtime::OperatorContext* context) {
  writer_.set_batch_size(context->batch_size);
  return Operator::Open(context);
}

size_t RegularJoin::row_count(int side) const {
  size_t rows = 0;
  for (const auto& [key, bucket] : sides_[side].rows) rows += bucket.size();
  return rows;
}

Status RegularJoin::Emit(RowKind kind, const std::vector<Value>* left,
                         const std::vector<Value>* right, runtime::Output* out) {
  return writer_.Append(kind, left != nullptr ? *left : null_rows_[0],
                        right != nullptr ? right : &null_rows_[1], out);
}

Status RegularJoin::FindMatches(int side, const std::string& key, const std::vector<Value>& row,
                                int64_t now, std::vector<Record*>* matches) {
  matches->clear();
  Side& other = sides_[1 - side];
  auto it = other.rows.find(key);
  if (it == other.rows.end()) return Status();
  for (Record& record : it->second) {
    if (!ttl_.Expired(record.written, now)) matches->push_back(&record);
  }
  if (condition_.empty() || matches->empty()) return Status();
  candidates_.clear();
  for (Record* record : *matches) candidates_.push_back(&record->row);
  SLUICE_RETURN_IF_ERROR(condition_.Filter(row, side == 0, *context_, &candidates_));
  // Candidates keep their order: walk both lists to keep the matching records.
  size_t kept = 0;
  for (size_t i = 0, c = 0; i < matches->size() && c < candidates_.size(); ++i) {
    if (&(*matches)[i]->row == candidates_[c]) {
      (*matches)[kept++] = (*matches)[i];
      ++c;
    }
  }
  matches->resize(kept);
  return Status();
}

void RegularJoin::AddRecord(Side* side, const std::string& key, int64_t associations, int64_t now) {
  Bucket& bucket = side->rows[key];
  for (Record& record : bucket) {
    if (record.row == row_) {
      if (ttl_.Expired(record.written, now)) record.count = 0;  // forgotten: starts over
      ++record.count;
      record.associations = associations;
      record.written = now;
      return;
    }
  }
  bucket.push_back(Record{row_, 1, associations, now});
}

void RegularJoin::RetractRecord(Side* side, const std::string& key) {
  auto it = side->rows.find(key);
  if (it == side->rows.end()) return;
  Bucket& bucket = it->second;
  for (size_t i = 0; i < bucket.size(); ++i) {
    if (bucket[i].row != row_) continue;
    if (--bucket[i].count <= 0) {
      bucket[i] = std::move(bucket.back());
      bucket.pop_back();
      if (bucket.empty()) side->rows.erase(it);
    }
    return;
  }
}

Status RegularJoin::Process(int s, RowKind kind, bool null_key, const std::string& key, int64_t now,
                            runtime::Output* out) {
  Side& side = sides_[s];
  Side& other = sides_[1 - s];
  const std::vector<Value>* left = s == 0 ? &row_ : nullptr;
  const std::vector<Value>* right = s == 0 ? nullptr : &row_;
  auto joined = [&](RowKind k, const Record& match) -> Status {
    for (int64_t i = 0; i < match.count; ++i) {
      SLUICE_RETURN_IF_ERROR(
          Emit(k, s == 0 ? &row_ : &match.row, s == 0 ? &match.row : &row_, out));
    }
    return Status();
  };
  // Null padding of the other side's `match`.
  auto other_padded = [&](RowKind k, const Record& match) -> Status {
    for (int64_t i = 0; i < match.count; ++i) {
      SLUICE_RETURN_IF_ERROR(
          Emit(k, s == 0 ? nullptr : &match.row, s == 0 ? &match.row : nullptr, out));
    }
    return Status();
  };
  if (null_key) {
    // Never matches and is never matched: only an outer side shows it.
    if (side.outer && !batch_mode_) {
      SLUICE_RETURN_IF_ERROR(
          Emit(types::IsAccumulate(kind) ? RowKind::kInsert : RowKind::kDelete, left, right, out));
    }
    if (batch_mode_ && side.outer) AddRecord(&side, key, 0, now);
    return Status();
  }
  if (batch_mode_) {
    AddRecord(&side, key, 0, now);
    return Status();
  }
  SLUICE_RETURN_IF_ERROR(FindMatches(s, key, row_, now, &matches_));
  int64_t matched_rows = 0;
  for (const Record* match : matches_) matched_rows += match->count;
  if (types::IsAccumulate(kind)) {
    if (matches_.empty()) {
      if (side.outer) SLUICE_RETURN_IF_ERROR(Emit(RowKind::kInsert, left, right, out));
    } else {
      if (other.outer) {
        for (Record* match : matches_) {
          if (match->associations == 0) {
            SLUICE_RETURN_IF_ERROR(other_padded(RowKind::kDelete, *match));
          }
          ++match->associations;
        }
      }
      const RowKind output = side.outer || other.outer ? RowKind::kInsert : kind;
      for (Record* match : matches_) SLUICE_RETURN_IF_ERROR(joined(output, *match));
    }
    AddRecord(&side, key, matched_rows, now);
    return Status();
  }
  RetractRecord(&side, key);
  if (matches_.empty()) {
    if (side.outer) SLUICE_RETURN_IF_ERROR(Emit(RowKind::kDelete, left, right, out));
    return Status();
  }
  const RowKind output = side.outer ? RowKind::kDelete : kind;
  for (Record* match : matches_) SLUICE_RETURN_IF_ERROR(joined(output, *match));
  if (other.outer) {
    for (Record* match : matches_) {
      if (match->associations == 1) {
        SLUICE_RETURN_IF_ERROR(other_padded(RowKind::kInsert, *match));
      }
      --match->associations;
    }
  }
  return Status();
}

void RegularJoin::SweepExpired(int64_t now) {
  if (!ttl_.SweepDue(now)) return;
  for (Side& side : sides_) {
    for (auto it = side.rows.begin(); it != side.rows.end();) {
      Bucket& bucket = it->second;
      bucket.erase(std::remove_if(bucket.begin(), bucket.end(),
                                  [&](const Record& r) { return ttl_.Expired(r.written, now); }),
                   bucket.end());
      if (bucket.empty()) {
        side.rows.erase(it++);
      } else {
        ++it;
      }
    }
  }
}

Status RegularJoin::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  const int s = input == 0 ? 0 : 1;
  const bool ttl = ttl_.enabled();
  const int64_t now = ttl ? StateTtl::Now(*context_) : 0;
  if (ttl) SweepExpired(now);
  row_.resize(sides_[s].width);
  for (size_t row = 0; row < batch.num_rows; ++row) {
    bool null_key = false;
    for (int k : sides_[s].keys) null_key |= batch.columns[k]->IsNull(row);
    for (size_t c = 0; c < row_.size(); ++c) row_[c] = types::GetValue(*batch.columns[c], row);
    key_.clear();
    if (!null_key) encoders_[s].EncodeRow(batch, row, &key_);
    SLUICE_RETURN_IF_ERROR(Process(s, batch.kind(row), null_key, key_, now, out));
  }
  return writer_.Flush(out);
}

Status RegularJoin::EmitBatchResults(runtime::Output* out) {
  for (int s = 0; s < 2; ++s) {
    for (auto& [key, bucket] : sides_[s].rows) {
      for (Record& record : bucket) {
        row_ = record.row;
        const bool null_key = key.empty() && !sides_[s].keys.empty();
        if (null_key) {
          matches_.clear();
        } else {
          SLUICE_RETURN_IF_ERROR(FindMatches(s, key, row_, 0, &matches_));
        }
        for (int64_t i = 0; i < record.count; ++i) {
          if (matches_.empty()) {
            if (sides_[s].outer) {
              SLUICE_RETURN_IF_ERROR(
                  Emit(RowKind::kInsert, s == 0 ? &row_ : nullptr, s == 0 ? nullptr : &row_, out));
            }
          } else if (s == 0) {  // matched pairs are emitted from the left side only
            for (Record* match : matches_) {
              for (int64_t j = 0; j < match->count; ++j) {
                SLUICE_RETURN_IF_ERROR(Emit(RowKind::kInsert, &row_, &match->row, out));
              }
            }
          }
        }
      }
    }
  }
  return writer_.Flush(out);
}

Status RegularJoin::EndInput(int input, runtime::Output* out) {
  if (++ended_inputs_ < 2 || !batch_mode_) return Status();
  SLUICE_RETURN_IF_ERROR(EmitBatchResults(out));
  sides_[0].rows.clear();
  sides_[1].rows.clear();
  return Status();
}

}  // namespace sluice::operators
