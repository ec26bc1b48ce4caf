#include "sluice/operators/window_rank.h"

namespace sluice::operators {

using types::RowKind;
using types::Value;

WindowRank::WindowRank(const planner::PlanNode& node)
    : node_(node),
      dedup_(node.kind == planner::NodeKind::kDeduplicate),
      window_end_column_(node.window_end_column),
      time_column_(node.time_column),
      keep_last_(node.keep_last),
      order_(node.sort_keys),
      encoder_(node.partition_keys),
      writer_(node) {}

Status WindowRank::Open(runtime::OperatorContext* context) {
  SLUICE_RETURN_IF_ERROR(Operator::Open(context));
  writer_.set_batch_size(context->batch_size);
  window_time_ = std::make_unique<WindowAssigner>(node_.window, context->local_time_zone);
  return Status();
}

void WindowRank::Add(Group* group, const types::Batch& batch, size_t row) {
  if (dedup_) {
    const types::Column& time = *batch.columns[time_column_];
    if (time.IsNull(row)) return;
    const int64_t t = time.data<int64_t>()[row];
    const bool replace =
        group->kept.empty() || (keep_last_ ? t >= group->kept_time : t < group->kept_time);
    if (replace) {
      ReadRow(batch, row, &group->kept);
      group->kept_time = t;
    }
    return;
  }
  Row sort_key = order_.Read(batch, row);
  TopNBuffer& buffer = group->buffer;
  if (group->size >= node_.rank_end && !buffer.empty() &&
      !buffer.key_comp()(sort_key, buffer.rbegin()->first)) {
    return;  // cannot enter the top N
  }
  Row values;
  ReadRow(batch, row, &values);
  buffer[std::move(sort_key)].push_back(std::move(values));
  if (++group->size > node_.rank_end) {
    // Keep only the rows that can still be in the top N.
    auto last = std::prev(buffer.end());
    last->second.pop_back();
    if (last->second.empty()) buffer.erase(last);
    --group->size;
  }
}

Status WindowRank::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  const types::Column& ends = *batch.columns[window_end_column_];
  SortKeyLess less = order_.less();
  for (size_t row = 0; row < batch.num_rows; ++row) {
    if (ends.IsNull(row)) continue;
    const int64_t end = ends.data<int64_t>()[row];
    auto it = OpenWindow(&windows_, end, window_time_.get(), watermark_, context_);
    if (it == windows_.end()) continue;
    Window& window = it->second;
    key_.clear();
    encoder_.EncodeRow(batch, row, &key_);
    auto [slot, inserted] =
        window.index.try_emplace(key_, static_cast<uint32_t>(window.groups.size()));
    if (inserted) window.groups.emplace_back(less);
    Add(&window.groups[slot->second], batch, row);
  }
  return Status();
}

Status WindowRank::Fire(const Window& window, runtime::Output* out) {
  for (const Group& group : window.groups) {
    if (dedup_) {
      if (!group.kept.empty()) {
        SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kInsert, group.kept, 0, out));
      }
      continue;
    }
    int64_t rank = 0;
    for (const auto& [sort_key, rows] : group.buffer) {
      for (const Row& row : rows) {
        if (++rank > node_.rank_end) break;
        SLUICE_RETURN_IF_ERROR(writer_.Emit(RowKind::kInsert, row, rank, out));
      }
      if (rank > node_.rank_end) break;
    }
  }
  return Status();
}

Status WindowRank::OnWatermark(int64_t watermark, runtime::Output* out) {
  watermark_ = std::max(watermark_, watermark);
  while (!windows_.empty() && windows_.begin()->second.fire_time <= watermark_) {
    SLUICE_RETURN_IF_ERROR(Fire(windows_.begin()->second, out));
    windows_.erase(windows_.begin());
  }
  return writer_.Flush(out);
}

}  // namespace sluice::operators
