#include "sluice/operators/window_join.h"

#include <algorithm>

namespace sluice::operators {

using types::RowKind;
using types::Value;

WindowJoin::WindowJoin(const planner::PlanNode& node)
    : node_(node),
      condition_(node.condition, node.schema),
      outer_{
          node.join_kind == planner::JoinKind::kLeft || node.join_kind == planner::JoinKind::kFull,
          node.join_kind == planner::JoinKind::kRight ||
              node.join_kind == planner::JoinKind::kFull},
      window_end_{node.left_window_end, node.right_window_end},
      keys_{node.left_keys, node.right_keys},
      encoders_{KeyEncoder(node.left_keys), KeyEncoder(node.right_keys)},
      writer_(node.schema) {
  null_rows_[0].assign(node.inputs[0]->schema->size(), Value::Null());
  null_rows_[1].assign(node.inputs[1]->schema->size(), Value::Null());
}

Status WindowJoin::Open(runtime::OperatorContext* context) {
  SLUICE_RETURN_IF_ERROR(Operator::Open(context));
  writer_.set_batch_size(context->batch_size);
  window_time_ = std::make_unique<WindowAssigner>(node_.window, context->local_time_zone);
  return Status();
}

Status WindowJoin::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  const int s = input == 0 ? 0 : 1;
  const types::Column& ends = *batch.columns[window_end_[s]];
  for (size_t row = 0; row < batch.num_rows; ++row) {
    if (ends.IsNull(row)) continue;
    const int64_t end = ends.data<int64_t>()[row];
    auto it = OpenWindow(&windows_, end, window_time_.get(), watermark_, context_);
    if (it == windows_.end()) continue;
    Window& window = it->second;
    bool null_key = false;
    for (int k : keys_[s]) null_key |= batch.columns[k]->IsNull(row);
    Row values;
    ReadRow(batch, row, &values);
    if (null_key) {
      if (outer_[s]) window.null_keys[s].push_back(std::move(values));
      continue;
    }
    key_.clear();
    encoders_[s].EncodeRow(batch, row, &key_);
    auto [slot, inserted] =
        window.index.try_emplace(key_, static_cast<uint32_t>(window.buckets.size()));
    if (inserted) window.buckets.emplace_back();
    window.buckets[slot->second].rows[s].push_back(std::move(values));
  }
  return Status();
}

Status WindowJoin::JoinBucket(Bucket* bucket, runtime::Output* out) {
  std::vector<Row>& rights = bucket->rows[1];
  matched_.assign(rights.size(), false);
  for (const Row& left : bucket->rows[0]) {
    candidates_.clear();
    for (const Row& right : rights) candidates_.push_back(&right);
    SLUICE_RETURN_IF_ERROR(condition_.Filter(left, true, *context_, &candidates_));
    for (const Row* right : candidates_) {
      matched_[right - rights.data()] = true;
      SLUICE_RETURN_IF_ERROR(writer_.Append(RowKind::kInsert, left, right, out));
    }
    if (candidates_.empty() && outer_[0]) {
      SLUICE_RETURN_IF_ERROR(writer_.Append(RowKind::kInsert, left, &null_rows_[1], out));
    }
  }
  if (outer_[1]) {
    for (size_t r = 0; r < rights.size(); ++r) {
      if (!matched_[r]) {
        SLUICE_RETURN_IF_ERROR(writer_.Append(RowKind::kInsert, null_rows_[0], &rights[r], out));
      }
    }
  }
  return Status();
}

Status WindowJoin::Fire(Window* window, runtime::Output* out) {
  for (Bucket& bucket : window->buckets) SLUICE_RETURN_IF_ERROR(JoinBucket(&bucket, out));
  for (const Row& left : window->null_keys[0]) {
    SLUICE_RETURN_IF_ERROR(writer_.Append(RowKind::kInsert, left, &null_rows_[1], out));
  }
  for (const Row& right : window->null_keys[1]) {
    SLUICE_RETURN_IF_ERROR(writer_.Append(RowKind::kInsert, null_rows_[0], &right, out));
  }
  return Status();
}

Status WindowJoin::OnWatermark(int64_t watermark, runtime::Output* out) {
  watermark_ = std::max(watermark_, watermark);
  while (!windows_.empty() && windows_.begin()->second.fire_time <= watermark_) {
    SLUICE_RETURN_IF_ERROR(Fire(&windows_.begin()->second, out));
    windows_.erase(windows_.begin());
  }
  return writer_.Flush(out);
}

}  // namespace sluice::operators
