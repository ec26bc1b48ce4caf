#include "sluice/operators/interval_join.h"

#include <algorithm>
#include <limits>

namespace sluice::operators {

using types::RowKind;
using types::Value;

namespace {
constexpr int64_t kEndOfTime = std::numeric_limits<int64_t>::max();
}  // namespace

IntervalJoin::IntervalJoin(const planner::PlanNode& node)
    : condition_(node.condition, node.schema),
      encoders_{KeyEncoder(node.left_keys), KeyEncoder(node.right_keys)},
      writer_(node.schema) {
  const bool left_outer =
      node.join_kind == planner::JoinKind::kLeft || node.join_kind == planner::JoinKind::kFull;
  const bool right_outer =
      node.join_kind == planner::JoinKind::kRight || node.join_kind == planner::JoinKind::kFull;
  // lower <= l.ts - r.ts <= upper: a left row at t meets right rows in [t - upper, t - lower],
  // so it must wait -lower after t; a right row at t meets left rows in [t + lower, t + upper].
  sides_[0] = Side{node.left_keys,
                   node.interval_left_time,
                   left_outer,
                   node.inputs[0]->schema->size(),
                   -node.interval_lower,
                   0,
                   {}};
  sides_[1] = Side{node.right_keys,
                   node.interval_right_time,
                   right_outer,
                   node.inputs[1]->schema->size(),
                   node.interval_upper,
                   0,
                   {}};
  null_rows_[0].assign(sides_[0].width, Value::Null());
  null_rows_[1].assign(sides_[1].width, Value::Null());
}

Status IntervalJoin::Open(runtime::OperatorContext* context) {
  writer_.set_batch_size(context->batch_size);
  return Operator::Open(context);
}

size_t IntervalJoin::row_count(int side) const {
  size_t count = 0;
  for (const auto& [key, rows] : sides_[side].rows) {
    for (const auto& [time, entries] : rows) count += entries.size();
  }
  return count;
}

int64_t IntervalJoin::ExpirationTime(int64_t operator_time, int64_t relative_size) const {
  if (operator_time == kEndOfTime) return kEndOfTime;
  return operator_time - relative_size - 1;
}

int64_t IntervalJoin::OutputWatermark(int64_t watermark) const {
  if (watermark == kEndOfTime || watermark == runtime::kMinWatermark) return watermark;
  return watermark - std::max(sides_[0].relative_size, sides_[1].relative_size);
}

Status IntervalJoin::EmitPadded(int side, const Row& row, runtime::Output* out) {
  return side == 0 ? writer_.Append(RowKind::kInsert, row, &null_rows_[1], out)
                   : writer_.Append(RowKind::kInsert, null_rows_[0], &row, out);
}

Status IntervalJoin::Expire(int side, int64_t expiration, Rows* rows, runtime::Output* out) {
  auto end = rows->upper_bound(expiration);
  for (auto it = rows->begin(); it != end; ++it) {
    if (!sides_[side].outer) continue;
    for (const Entry& entry : it->second) {
      if (!entry.emitted) SLUICE_RETURN_IF_ERROR(EmitPadded(side, entry.row, out));
    }
  }
  rows->erase(rows->begin(), end);
  return Status();
}

Status IntervalJoin::Process(int s, const std::string& key, int64_t time, runtime::Output* out) {
  Side& side = sides_[s];
  Side& other = sides_[1 - s];
  // The other side's rows this one can meet: [time - other.relative_size, time + side.relative].
  const int64_t lower = time - other.relative_size;
  const int64_t upper = time + side.relative_size;
  bool emitted = false;
  if (other.expiration_time < upper) {
    other.expiration_time = ExpirationTime(operator_time_, other.relative_size);
    auto found = other.rows.find(key);
    if (found != other.rows.end()) {
      Rows& rows = found->second;
      candidates_.clear();
      candidate_entries_.clear();
      for (auto it = rows.lower_bound(lower); it != rows.end() && it->first <= upper; ++it) {
        for (Entry& entry : it->second) {
          candidates_.push_back(&entry.row);
          candidate_entries_.push_back(&entry);
        }
      }
      const size_t before = candidates_.size();
      SLUICE_RETURN_IF_ERROR(condition_.Filter(row_, s == 0, *context_, &candidates_));
      size_t c = 0;
      for (size_t i = 0; i < before && c < candidates_.size(); ++i) {
        Entry* entry = candidate_entries_[i];
        if (&entry->row != candidates_[c]) continue;
        ++c;
        emitted = true;
        entry->emitted = true;
        SLUICE_RETURN_IF_ERROR(s == 0 ? writer_.Append(RowKind::kInsert, row_, &entry->row, out)
                                      : writer_.Append(RowKind::kInsert, entry->row, &row_, out));
      }
      SLUICE_RETURN_IF_ERROR(Expire(1 - s, other.expiration_time, &rows, out));
      if (rows.empty()) other.rows.erase(found);
    }
  }
  if (operator_time_ < upper) {
    // The other side may still send rows this one meets: keep it.
    side.rows[key][time].push_back(Entry{row_, emitted});
  } else if (!emitted && side.outer) {
    SLUICE_RETURN_IF_ERROR(EmitPadded(s, row_, out));
  }
  return Status();
}

Status IntervalJoin::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  const int s = input == 0 ? 0 : 1;
  const Side& side = sides_[s];
  const types::Column& times = *batch.columns[side.time_column];
  for (size_t row = 0; row < batch.num_rows; ++row) {
    ReadRow(batch, row, &row_);
    bool null_key = times.IsNull(row);
    for (int k : side.keys) null_key |= batch.columns[k]->IsNull(row);
    if (null_key) {
      // Meets nothing: only an outer side shows it.
      if (side.outer) SLUICE_RETURN_IF_ERROR(EmitPadded(s, row_, out));
      continue;
    }
    key_.clear();
    encoders_[s].EncodeRow(batch, row, &key_);
    SLUICE_RETURN_IF_ERROR(Process(s, key_, times.data<int64_t>()[row], out));
  }
  return writer_.Flush(out);
}

Status IntervalJoin::OnWatermark(int64_t watermark, runtime::Output* out) {
  operator_time_ = std::max<int64_t>(watermark, 0);
  for (int s = 0; s < 2; ++s) {
    Side& side = sides_[s];
    const int64_t expiration = ExpirationTime(operator_time_, side.relative_size);
    side.expiration_time = std::max(side.expiration_time, expiration);
    for (auto it = side.rows.begin(); it != side.rows.end();) {
      SLUICE_RETURN_IF_ERROR(Expire(s, expiration, &it->second, out));
      if (it->second.empty()) {
        side.rows.erase(it++);
      } else {
        ++it;
      }
    }
  }
  return writer_.Flush(out);
}

}  // namespace sluice::operators
