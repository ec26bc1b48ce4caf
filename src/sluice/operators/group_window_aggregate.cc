#include "sluice/operators/group_window_aggregate.h"

#include <algorithm>

namespace sluice::operators {

using planner::WindowKind;
using types::RowKind;
using types::Value;

namespace {

// Fewer dead slots than this are never compacted away.
constexpr size_t kMinDeadSlotsToCompact = 1024;

}  // namespace

GroupWindowAggregate::GroupWindowAggregate(const planner::PlanNode& node, bool batch_mode)
    : schema_(node.schema),
      window_spec_(node.window),
      time_column_(node.time_column),
      calls_(node.aggregates),
      encoder_(node.group_keys),
      produce_updates_(!batch_mode && node.window.ProducesUpdates()),
      early_delay_(batch_mode ? -1 : node.window.early_fire_delay),
      late_delay_(batch_mode ? -1 : node.window.late_fire_delay),
      allow_lateness_(batch_mode ? 0 : node.window.allow_lateness),
      watermark_(runtime::kMinWatermark),
      pending_(node.schema) {}

GroupWindowAggregate::~GroupWindowAggregate() = default;

Status GroupWindowAggregate::Open(runtime::OperatorContext* context) {
  context_ = context;
  assigner_ = std::make_unique<WindowAssigner>(window_spec_, context->local_time_zone);
  accumulators_ = std::make_unique<WindowAccumulators>(&calls_);
  scratch_ = std::make_unique<WindowAccumulators>(&calls_);
  return Status();
}

uint32_t GroupWindowAggregate::NewSlot() {
  const uint32_t slot = static_cast<uint32_t>(accumulators_->slots());
  accumulators_->Resize(slot + 1);
  ++live_slots_;
  return slot;
}

void GroupWindowAggregate::FreeSlot() {
  --live_slots_;
  const size_t dead = accumulators_->slots() - live_slots_;
  if (dead >= kMinDeadSlotsToCompact && dead > live_slots_) CompactSlots();
}

void GroupWindowAggregate::CompactSlots() {
  auto fresh = std::make_unique<WindowAccumulators>(&calls_);
  fresh->Resize(live_slots_);
  std::vector<uint32_t> from, to;
  for (KeyState& state : keys_) {
    for (Window& window : state.windows) {
      from.push_back(window.slot);
      window.slot = static_cast<uint32_t>(to.size());
      to.push_back(window.slot);
    }
  }
  fresh->Merge(*accumulators_, from.data(), to.data(), from.size());
  accumulators_ = std::move(fresh);
}

GroupWindowAggregate::Window* GroupWindowAggregate::FindWindow(KeyState& state, int64_t start,
                                                               int64_t end) {
  for (Window& window : state.windows) {
    if (window.start == start && window.end == end) return &window;
  }
  return nullptr;
}

GroupWindowAggregate::Window* GroupWindowAggregate::AddWindow(uint32_t key_id, int64_t start,
                                                              int64_t end) {
  KeyState& state = keys_[key_id];
  if (Window* found = FindWindow(state, start, end)) return found;
  Window window;
  window.start = start;
  window.end = end;
  window.slot = NewSlot();
  auto position = std::lower_bound(
      state.windows.begin(), state.windows.end(), start,
      [](const Window& w, int64_t value) { return w.start < value; });
  Window& added = *state.windows.insert(position, std::move(window));
  timers_.emplace(TriggerTime(added), TimerKind::kFire, key_id, start);
  if (allow_lateness_ > 0) timers_.emplace(CleanupTime(added), TimerKind::kCleanup, key_id, start);
  return &added;
}

GroupWindowAggregate::Window* GroupWindowAggregate::AddSession(uint32_t key_id, int64_t start,
                                                               int64_t end) {
  KeyState& state = keys_[key_id];
  // Sessions of a key never intersect each other: the ones the new one touches are contiguous.
  size_t first = 0;
  while (first < state.windows.size() && state.windows[first].end < start) ++first;
  size_t last = first;
  while (last < state.windows.size() && state.windows[last].start <= end) ++last;
  if (first == last) return AddWindow(key_id, start, end);
  // Merge sessions first+1..last-1 into the first; it grows to cover them and the new one.
  Window& target = state.windows[first];
  int64_t merged_start = std::min(start, target.start);
  int64_t merged_end = std::max(end, target.end);
  for (size_t i = first + 1; i < last; ++i) {
    Window& other = state.windows[i];
    merged_end = std::max(merged_end, other.end);
    const uint32_t zero = 0;
    scratch_->Resize(1);
    scratch_->Merge(*accumulators_, &other.slot, &zero, 1);
    accumulators_->Merge(*scratch_, &zero, &target.slot, 1);
    scratch_->Clear();
  }
  const size_t merged = last - first - 1;
  target.start = merged_start;
  target.end = merged_end;
  // A new trigger for the grown session; timers of the old bounds no longer match a window.
  timers_.emplace(TriggerTime(target), TimerKind::kFire, key_id, target.start);
  Window* result = &target;
  if (merged > 0) {
    state.windows.erase(state.windows.begin() + static_cast<ptrdiff_t>(first + 1),
                        state.windows.begin() + static_cast<ptrdiff_t>(last));
    for (size_t i = 0; i < merged; ++i) FreeSlot();
    result = &keys_[key_id].windows[first];
  }
  return result;
}

void GroupWindowAggregate::RemoveWindow(KeyState& state, size_t index) {
  state.windows.erase(state.windows.begin() + static_cast<ptrdiff_t>(index));
  FreeSlot();
}

Status GroupWindowAggregate::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  for (size_t row = 0; row < batch.num_rows; ++row) {
    SLUICE_RETURN_IF_ERROR(ProcessRow(batch, row, out));
  }
  return Flush(out);
}

Status GroupWindowAggregate::ProcessRow(const types::Batch& batch, size_t row,
                                        runtime::Output* out) {
  const types::Column& time_column = *batch.columns[time_column_];
  if (time_column.IsNull(row)) return Status();  // a NULL rowtime is dropped, as Flink does
  const int64_t local = assigner_->ToLocal(time_column.data<int64_t>()[row]);

  key_buffer_.clear();
  encoder_.EncodeRow(batch, row, &key_buffer_);
  auto [it, inserted] = key_ids_.try_emplace(key_buffer_, static_cast<uint32_t>(keys_.size()));
  const uint32_t key_id = it->second;
  if (inserted) {
    KeyState state;
    for (int column : encoder_.columns()) {
      state.key.push_back(types::GetValue(*batch.columns[column], row));
    }
    keys_.push_back(std::move(state));
  }

  const uint32_t row_index = static_cast<uint32_t>(row);
  bool dropped = true;
  if (window_spec_.kind == WindowKind::kSession) {
    // The merged session is late only if every session it covers is: drop the row then.
    Window probe;
    probe.start = local;
    probe.end = local + window_spec_.size;
    bool late = CleanupTime(probe) <= watermark_;
    if (late) {
      for (const Window& w : keys_[key_id].windows) {
        if (w.end >= probe.start && w.start <= probe.end) late = false;
      }
    }
    if (!late) {
      dropped = false;
      Window* session = AddSession(key_id, probe.start, probe.end);
      accumulators_->Accumulate(batch, &row_index, &session->slot, 1);
      SLUICE_RETURN_IF_ERROR(OnElementTrigger(key_id, session, out));
    }
  } else {
    assigner_->AssignWindows(local, &assigned_);
    for (const auto& [start, end] : assigned_) {
      Window probe;
      probe.start = start;
      probe.end = end;
      if (CleanupTime(probe) <= watermark_) continue;  // past its lateness
      dropped = false;
      Window* window = AddWindow(key_id, start, end);
      accumulators_->Accumulate(batch, &row_index, &window->slot, 1);
      SLUICE_RETURN_IF_ERROR(OnElementTrigger(key_id, window, out));
    }
  }
  if (dropped && context_->metrics != nullptr) ++context_->metrics->late_rows_dropped;
  if (keys_[key_id].windows.empty() && inserted) {
    // A first row that was dropped leaves no state behind.
    key_ids_.erase(it);
    keys_.pop_back();
  }
  return Status();
}

Status GroupWindowAggregate::OnElementTrigger(uint32_t key_id, Window* window,
                                              runtime::Output* out) {
  const bool on_time_passed = window->fired_on_time || TriggerTime(*window) <= watermark_;
  const int64_t delay = on_time_passed ? late_delay_ : early_delay_;
  if (on_time_passed && (late_delay_ <= 0)) {
    // Late phase: every late row fires, unless a late delay asks for a timer.
    return EmitResult(key_id, window, out);
  }
  if (delay == 0) return EmitResult(key_id, window, out);
  if (delay > 0 && window->processing_fire < 0) {
    window->processing_fire = context_->timers->CurrentProcessingTime() + delay;
    processing_timers_.emplace(window->processing_fire, TimerKind::kFire, key_id, window->start);
    context_->timers->RegisterProcessingTimer(window->processing_fire);
  }
  return Status();
}

void GroupWindowAggregate::ResultOf(const Window& window, std::vector<Value>* values) {
  values->clear();
  if (result_columns_.empty()) {
    for (const planner::AggregateCall& call : calls_) {
      result_columns_.push_back(types::MakeColumn(call.result_type));
    }
  }
  for (size_t a = 0; a < calls_.size(); ++a) {
    types::Column* column = result_columns_[a].get();
    column->Clear();
    accumulators_->AppendResults(a, window.slot, window.slot + 1, column);
    values->push_back(types::GetValue(*column, 0));
  }
}

void GroupWindowAggregate::AppendRow(RowKind kind, const KeyState& state, const Window& window,
                                     const std::vector<Value>& values) {
  size_t column = 0;
  for (const Value& key : state.key) types::AppendValue(pending_.columns[column++].get(), key);
  for (const Value& value : values) types::AppendValue(pending_.columns[column++].get(), value);
  pending_.columns[column++]->Append<int64_t>(window.start);
  pending_.columns[column++]->Append<int64_t>(window.end);
  pending_.columns[column++]->Append<int64_t>(assigner_->WindowTime(window.end));
  pending_.row_kinds.push_back(kind);
  ++pending_.num_rows;
}

Status GroupWindowAggregate::EmitResult(uint32_t key_id, Window* window, runtime::Output* out) {
  ResultOf(*window, &result_);
  const KeyState& state = keys_[key_id];
  if (!produce_updates_) {
    AppendRow(RowKind::kInsert, state, *window, result_);
  } else if (!window->emitted) {
    AppendRow(RowKind::kInsert, state, *window, result_);
    window->previous = result_;
    window->emitted = true;
  } else if (result_ != window->previous) {
    AppendRow(RowKind::kUpdateBefore, state, *window, window->previous);
    AppendRow(RowKind::kUpdateAfter, state, *window, result_);
    window->previous = result_;
  }
  if (static_cast<int64_t>(pending_.num_rows) >= context_->batch_size) return Flush(out);
  return Status();
}

Status GroupWindowAggregate::Flush(runtime::Output* out) {
  if (pending_.num_rows == 0) return Status();
  types::Batch batch = std::move(pending_);
  pending_ = types::Batch(schema_);
  if (std::all_of(batch.row_kinds.begin(), batch.row_kinds.end(),
                  [](RowKind k) { return k == RowKind::kInsert; })) {
    batch.row_kinds.clear();
  }
  return out->Collect(std::move(batch));
}

Status GroupWindowAggregate::OnWatermark(int64_t watermark, runtime::Output* out) {
  watermark_ = std::max(watermark_, watermark);
  while (!timers_.empty() && std::get<0>(*timers_.begin()) <= watermark_) {
    const auto [time, kind, key_id, start] = *timers_.begin();
    timers_.erase(timers_.begin());
    KeyState& state = keys_[key_id];
    auto found = std::find_if(state.windows.begin(), state.windows.end(),
                              [start = start](const Window& w) { return w.start == start; });
    if (found == state.windows.end()) continue;  // merged away or already cleaned up
    if (kind == TimerKind::kFire) {
      // A session that grew has a later trigger: this timer is for its old end.
      if (TriggerTime(*found) != time || found->fired_on_time) continue;
      found->fired_on_time = true;
      found->processing_fire = -1;  // pending early firings end with the on-time one
      SLUICE_RETURN_IF_ERROR(EmitResult(key_id, &*found, out));
      if (allow_lateness_ > 0) continue;
    } else if (CleanupTime(*found) != time) {
      continue;
    }
    // A key without windows keeps its id (ids index keys_) and its key values.
    RemoveWindow(state, static_cast<size_t>(found - state.windows.begin()));
  }
  return Flush(out);
}

Status GroupWindowAggregate::OnProcessingTime(int64_t now_micros, runtime::Output* out) {
  while (!processing_timers_.empty() && std::get<0>(*processing_timers_.begin()) <= now_micros) {
    const auto [time, kind, key_id, start] = *processing_timers_.begin();
    processing_timers_.erase(processing_timers_.begin());
    KeyState& state = keys_[key_id];
    auto found = std::find_if(state.windows.begin(), state.windows.end(),
                              [start = start](const Window& w) { return w.start == start; });
    if (found == state.windows.end() || found->processing_fire != time) continue;
    found->processing_fire = -1;
    SLUICE_RETURN_IF_ERROR(EmitResult(key_id, &*found, out));
  }
  return Flush(out);
}

}  // namespace sluice::operators
