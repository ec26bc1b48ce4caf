#include "sluice/operators/local_group_aggregate.h"

namespace sluice::operators {

LocalGroupAggregate::LocalGroupAggregate(const planner::PlanNode& node, MiniBatchOptions mini_batch)
    : schema_(node.schema),
      group_keys_(node.group_keys),
      accumulators_(node.aggregates, /*retracting=*/true, /*partial=*/true),
      mini_batch_(mini_batch),
      encoder_(node.group_keys) {}

Status LocalGroupAggregate::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  accumulators_.Bind(batch);
  for (size_t row = 0; row < batch.num_rows; ++row) {
    const bool accumulate = types::IsAccumulate(batch.kind(row));
    key_.clear();
    encoder_.EncodeRow(batch, row, &key_);
    auto [it, inserted] = index_.try_emplace(key_, static_cast<uint32_t>(group_count_));
    if (inserted) {
      if (group_count_ == groups_.size()) groups_.emplace_back();
      Group& group = groups_[group_count_++];
      group.row_count = 0;
      group.keys.clear();
      for (int k : group_keys_) group.keys.push_back(types::GetValue(*batch.columns[k], row));
      accumulators_.Init(&group.states);
    }
    Group& group = groups_[it->second];
    group.row_count += accumulate ? 1 : -1;
    accumulators_.Update(&group.states, row, accumulate);
    // Without mini-batch (direct callers), every batch is a bundle.
    if (mini_batch_.enabled() && mini_batch_.Add(context_)) {
      SLUICE_RETURN_IF_ERROR(FlushBundle(out));
    }
  }
  return mini_batch_.enabled() ? Status() : FlushBundle(out);
}

Status LocalGroupAggregate::FlushBundle(runtime::Output* out) {
  mini_batch_.Reset();
  types::Batch batch(schema_);
  for (size_t g = 0; g < group_count_; ++g) {
    const Group& group = groups_[g];
    size_t column = 0;
    for (const types::Value& key : group.keys) {
      types::AppendValue(batch.columns[column++].get(), key);
    }
    types::AppendValue(batch.columns[column++].get(), types::Value::Int(group.row_count));
    for (size_t a = 0; a < accumulators_.size(); ++a) {
      partial_.clear();
      accumulators_.Serialize(a, group.states[a], &partial_);
      batch.columns[column++]->AppendString(partial_);
    }
    ++batch.num_rows;
    if (static_cast<int64_t>(batch.num_rows) >= context_->batch_size) {
      SLUICE_RETURN_IF_ERROR(out->Collect(std::move(batch)));
      batch = types::Batch(schema_);
    }
  }
  index_.clear();
  group_count_ = 0;
  if (batch.num_rows == 0) return Status();
  return out->Collect(std::move(batch));
}

Status LocalGroupAggregate::OnWatermark(int64_t watermark, runtime::Output* out) {
  return group_count_ == 0 ? Status() : FlushBundle(out);
}

Status LocalGroupAggregate::OnProcessingTime(int64_t now, runtime::Output* out) {
  return mini_batch_.Due(now) ? FlushBundle(out) : Status();
}

Status LocalGroupAggregate::EndInput(int input, runtime::Output* out) {
  return group_count_ == 0 ? Status() : FlushBundle(out);
}

}  // namespace sluice::operators
