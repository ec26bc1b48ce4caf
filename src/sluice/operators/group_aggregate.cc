#include "sluice/operators/group_aggregate.h"

namespace sluice::operators {

using planner::AggregateKind;
using types::RowKind;
using types::Value;

GroupAggregate::GroupAggregate(const planner::PlanNode& node, GroupAggregateOptions options)
    : schema_(node.schema),
      group_keys_(node.group_keys),
      options_(options),
      merge_(node.aggregate_phase == planner::AggregatePhase::kGlobal),
      // Without a planned input (unit tests), assume it may retract.
      accumulators_(node.aggregates,
                    !options.batch_mode &&
                        (node.inputs.empty() || !node.inputs[0]->changelog.IsInsertOnly())),
      mini_batch_(options.batch_mode ? MiniBatchOptions{} : options.mini_batch),
      ttl_(options.batch_mode ? 0 : options.state_ttl),
      encoder_(node.group_keys),
      writer_(node.schema) {}

uint32_t GroupAggregate::NewGroup(const types::Batch& batch, size_t row) {
  uint32_t id;
  if (!free_ids_.empty()) {
    id = free_ids_.back();
    free_ids_.pop_back();
  } else {
    id = static_cast<uint32_t>(groups_.size());
    groups_.emplace_back();
  }
  Group& group = groups_[id];
  group.keys.clear();
  for (int k : group_keys_) group.keys.push_back(types::GetValue(*batch.columns[k], row));
  ResetGroup(&group);
  return id;
}

void GroupAggregate::ResetGroup(Group* group) {
  group->row_count = 0;
  group->emitted = false;
  group->result.clear();
  accumulators_.Init(&group->states);
}

Status GroupAggregate::Open(runtime::OperatorContext* context) {
  writer_.set_batch_size(context->batch_size);
  return Operator::Open(context);
}

Status GroupAggregate::EmitChange(Index::iterator it, runtime::Output* out) {
  const uint32_t id = it->second;
  Group& group = groups_[id];
  if (group.row_count <= 0) {
    if (group.emitted)
      SLUICE_RETURN_IF_ERROR(Emit(RowKind::kDelete, group.keys, group.result, out));
    index_.erase(it);
    group.states.clear();
    group.keys.clear();
    group.result.clear();
    free_ids_.push_back(id);
    return Status();
  }
  accumulators_.Results(group.states, &scratch_);
  if (!group.emitted) {
    SLUICE_RETURN_IF_ERROR(Emit(RowKind::kInsert, group.keys, scratch_, out));
    group.emitted = true;
  } else if (scratch_ == group.result) {
    return Status();
  } else {
    SLUICE_RETURN_IF_ERROR(Emit(RowKind::kUpdateBefore, group.keys, group.result, out));
    SLUICE_RETURN_IF_ERROR(Emit(RowKind::kUpdateAfter, group.keys, scratch_, out));
  }
  group.result.swap(scratch_);
  return Status();
}

Status GroupAggregate::FlushBundle(runtime::Output* out) {
  for (size_t i = 0; i < dirty_count_; ++i) {
    auto it = index_.find(dirty_keys_[i]);
    if (it == index_.end()) continue;
    groups_[it->second].dirty = false;
    SLUICE_RETURN_IF_ERROR(EmitChange(it, out));
  }
  dirty_count_ = 0;
  mini_batch_.Reset();
  return writer_.Flush(out);
}

void GroupAggregate::SweepExpired(int64_t now) {
  if (!ttl_.SweepDue(now)) return;
  for (auto it = index_.begin(); it != index_.end();) {
    Group& group = groups_[it->second];
    if (!group.dirty && ttl_.Expired(group.written, now)) {
      group.states.clear();
      group.keys.clear();
      group.result.clear();
      free_ids_.push_back(it->second);
      index_.erase(it++);
    } else {
      ++it;
    }
  }
}

Status GroupAggregate::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  const int row_count_column = static_cast<int>(group_keys_.size());
  if (!merge_) accumulators_.Bind(batch);
  const bool ttl = ttl_.enabled();
  const int64_t now = ttl ? StateTtl::Now(*context_) : 0;
  if (ttl) SweepExpired(now);
  for (size_t row = 0; row < batch.num_rows; ++row) {
    const bool accumulate = merge_ || types::IsAccumulate(batch.kind(row));
    key_.clear();
    encoder_.EncodeRow(batch, row, &key_);
    auto it = index_.find(key_);
    if (it == index_.end()) {
      if (!accumulate) continue;  // retracting a group that does not exist: nothing to do
      it = index_.emplace(key_, NewGroup(batch, row)).first;
    } else if (ttl && ttl_.Expired(groups_[it->second].written, now)) {
      // Expired state behaves as if it had never existed.
      if (!accumulate) continue;
      ResetGroup(&groups_[it->second]);
    }
    Group& group = groups_[it->second];
    group.written = now;
    if (merge_) {
      group.row_count += batch.columns[row_count_column]->data<int64_t>()[row];
      for (size_t a = 0; a < accumulators_.size(); ++a) {
        const types::Column& partial = *batch.columns[accumulators_.calls()[a].argument];
        SLUICE_RETURN_IF_ERROR(accumulators_.Merge(a, &group.states[a], partial.strings()[row]));
      }
    } else {
      group.row_count += accumulate ? 1 : -1;
      accumulators_.Update(&group.states, row, accumulate);
    }
    if (options_.batch_mode) continue;  // results are emitted at end of input
    if (!mini_batch_.enabled()) {
      SLUICE_RETURN_IF_ERROR(EmitChange(it, out));
      continue;
    }
    if (!group.dirty) {
      group.dirty = true;
      if (dirty_count_ == dirty_keys_.size()) dirty_keys_.emplace_back();
      dirty_keys_[dirty_count_++].assign(key_);
    }
    if (mini_batch_.Add(context_)) SLUICE_RETURN_IF_ERROR(FlushBundle(out));
  }
  return writer_.Flush(out);
}

Status GroupAggregate::OnWatermark(int64_t watermark, runtime::Output* out) {
  return mini_batch_.empty() ? Status() : FlushBundle(out);
}

Status GroupAggregate::OnProcessingTime(int64_t now, runtime::Output* out) {
  return mini_batch_.Due(now) ? FlushBundle(out) : Status();
}

Status GroupAggregate::EndInput(int input, runtime::Output* out) {
  if (!options_.batch_mode) return mini_batch_.empty() ? Status() : FlushBundle(out);
  // Group ids are never reused in batch mode, so id order is first-seen order.
  for (const Group& group : groups_) {
    if (group.row_count <= 0) continue;
    accumulators_.Results(group.states, &scratch_);
    SLUICE_RETURN_IF_ERROR(Emit(RowKind::kInsert, group.keys, scratch_, out));
  }
  if (group_keys_.empty() && groups_.empty()) {
    // SQL: a global aggregate over no rows still has one result row.
    scratch_.assign(accumulators_.size(), Value::Null());
    for (size_t a = 0; a < accumulators_.size(); ++a) {
      const AggregateKind kind = accumulators_.calls()[a].kind;
      if (kind == AggregateKind::kCount || kind == AggregateKind::kCountStar ||
          kind == AggregateKind::kApproxCountDistinct) {
        scratch_[a] = Value::Int(0);
      }
    }
    SLUICE_RETURN_IF_ERROR(Emit(RowKind::kInsert, {}, scratch_, out));
  }
  SLUICE_RETURN_IF_ERROR(writer_.Flush(out));
  groups_.clear();
  index_.clear();
  return Status();
}

}  // namespace sluice::operators
