#include "sluice/operators/deduplicate.h"

namespace sluice::operators {

using types::RowKind;

Deduplicate::Deduplicate(const planner::PlanNode& node, bool batch_mode, int64_t state_ttl)
    : encoder_(node.partition_keys),
      time_column_(node.time_column),
      rowtime_(node.inputs[0]->schema->field(node.time_column).type.time_attribute !=
               types::TimeAttribute::kProctime),
      keep_last_(node.keep_last),
      batch_mode_(batch_mode),
      ttl_(state_ttl),
      writer_(node.schema) {}

Status Deduplicate::Open(runtime::OperatorContext* context) {
  SLUICE_RETURN_IF_ERROR(Operator::Open(context));
  writer_.set_batch_size(context->batch_size);
  return Status();
}

void Deduplicate::DropExpired(int64_t now) {
  if (!ttl_.SweepDue(now)) return;
  std::vector<Kept> live;
  for (auto it = index_.begin(); it != index_.end();) {
    if (ttl_.Expired(kept_[it->second].written, now)) {
      index_.erase(it++);
      continue;
    }
    live.push_back(std::move(kept_[it->second]));
    it->second = static_cast<uint32_t>(live.size() - 1);
    ++it;
  }
  kept_.swap(live);
}

Status Deduplicate::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  const types::Column& time = *batch.columns[time_column_];
  const bool keep_first_by_arrival = !rowtime_ && !keep_last_;
  const bool ttl = ttl_.enabled() && !batch_mode_;
  const int64_t now = ttl ? StateTtl::Now(*context_) : 0;
  if (ttl) DropExpired(now);
  for (size_t row = 0; row < batch.num_rows; ++row) {
    if (rowtime_ && time.IsNull(row)) continue;
    const int64_t t = rowtime_ ? time.data<int64_t>()[row] : 0;
    key_.clear();
    encoder_.EncodeRow(batch, row, &key_);
    auto [it, inserted] = index_.try_emplace(key_, static_cast<uint32_t>(kept_.size()));
    if (inserted) kept_.emplace_back();
    Kept& kept = kept_[it->second];
    // A key whose state expired (table.exec.state.ttl) starts over, as if never seen.
    if (inserted || (ttl && ttl_.Expired(kept.written, now))) {
      // Proctime keep-first in streaming emits at once and never looks at the row again.
      if (!(keep_first_by_arrival && !batch_mode_)) ReadRow(batch, row, &kept.row);
      kept.time = t;
      kept.written = now;
      if (!batch_mode_) {
        SLUICE_RETURN_IF_ERROR(writer_.AppendFrom(RowKind::kInsert, batch, row, nullptr, out));
      }
      continue;
    }
    if (keep_first_by_arrival) continue;
    bool replace = !rowtime_ || (keep_last_ ? t >= kept.time : t < kept.time);
    if (!replace) continue;
    if (!batch_mode_) {
      SLUICE_RETURN_IF_ERROR(writer_.Append(RowKind::kUpdateBefore, kept.row, nullptr, out));
      SLUICE_RETURN_IF_ERROR(writer_.AppendFrom(RowKind::kUpdateAfter, batch, row, nullptr, out));
    }
    ReadRow(batch, row, &kept.row);
    kept.time = t;
    kept.written = now;
  }
  return writer_.Flush(out);
}

Status Deduplicate::EndInput(int input, runtime::Output* out) {
  if (!batch_mode_) return Status();
  for (const Kept& kept : kept_) {
    SLUICE_RETURN_IF_ERROR(writer_.Append(RowKind::kInsert, kept.row, nullptr, out));
  }
  kept_.clear();
  index_.clear();
  return writer_.Flush(out);
}

}  // namespace sluice::operators
