#include "sluice/operators/temporal_join.h"

#include <iterator>

namespace sluice::operators {

using types::RowKind;
using types::Value;

TemporalJoin::TemporalJoin(const planner::PlanNode& node)
    : condition_(node.condition, node.schema),
      left_outer_(node.join_kind == planner::JoinKind::kLeft),
      left_time_(node.temporal_left_time),
      right_time_(node.temporal_right_time),
      keys_{node.left_keys, node.right_keys},
      encoders_{KeyEncoder(node.left_keys), KeyEncoder(node.right_keys)},
      writer_(node.schema) {
  null_right_.assign(node.inputs[1]->schema->size(), Value::Null());
}

Status TemporalJoin::Open(runtime::OperatorContext* context) {
  writer_.set_batch_size(context->batch_size);
  return Operator::Open(context);
}

Status TemporalJoin::Emit(const Row& left, const Version* version, runtime::Output* out) {
  if (version != nullptr && !version->deleted) {
    candidates_.assign(1, &version->row);
    SLUICE_RETURN_IF_ERROR(condition_.Filter(left, true, *context_, &candidates_));
    if (!candidates_.empty()) {
      return writer_.Append(RowKind::kInsert, left, &version->row, out);
    }
  }
  if (left_outer_) return writer_.Append(RowKind::kInsert, left, &null_right_, out);
  return Status();
}

Status TemporalJoin::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  const int s = input == 0 ? 0 : 1;
  const types::Column& times = *batch.columns[s == 0 ? left_time_ : right_time_];
  for (size_t row = 0; row < batch.num_rows; ++row) {
    const RowKind kind = batch.kind(row);
    if (kind == RowKind::kUpdateBefore) continue;  // the +U that follows replaces the version
    ReadRow(batch, row, &row_);
    bool null_key = times.IsNull(row);
    for (int k : keys_[s]) null_key |= batch.columns[k]->IsNull(row);
    if (null_key) {
      if (s == 0 && left_outer_) {
        SLUICE_RETURN_IF_ERROR(writer_.Append(RowKind::kInsert, row_, &null_right_, out));
      }
      continue;
    }
    key_.clear();
    encoders_[s].EncodeRow(batch, row, &key_);
    const int64_t time = times.data<int64_t>()[row];
    Key& state = state_[key_];
    if (s == 0) {
      state.waiting.emplace(time, row_);
    } else {
      Version& version = state.versions[time];
      version.row = row_;
      version.deleted = kind == RowKind::kDelete;
    }
  }
  return writer_.Flush(out);
}

Status TemporalJoin::OnWatermark(int64_t watermark, runtime::Output* out) {
  watermark_ = std::max(watermark_, watermark);
  for (auto it = state_.begin(); it != state_.end();) {
    Key& state = it->second;
    // Left rows whose time the watermark has reached meet the version valid then.
    auto end = state.waiting.upper_bound(watermark_);
    for (auto w = state.waiting.begin(); w != end; ++w) {
      auto v = state.versions.upper_bound(w->first);
      const Version* version = v == state.versions.begin() ? nullptr : &std::prev(v)->second;
      SLUICE_RETURN_IF_ERROR(Emit(w->second, version, out));
    }
    state.waiting.erase(state.waiting.begin(), end);
    // Only the version valid at the watermark (and later ones) can still be met.
    auto valid = state.versions.upper_bound(watermark_);
    if (valid != state.versions.begin())
      state.versions.erase(state.versions.begin(), std::prev(valid));
    if (!state.versions.empty() && state.versions.begin()->first <= watermark_ &&
        state.versions.begin()->second.deleted) {
      state.versions.erase(state.versions.begin());
    }
    if (state.waiting.empty() && state.versions.empty()) {
      state_.erase(it++);
    } else {
      ++it;
    }
  }
  return writer_.Flush(out);
}

}  // namespace sluice::operators
