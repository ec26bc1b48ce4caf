#include "sluice/operators/window_aggregate.h"

#include <algorithm>
#include <numeric>

#include "absl/strings/string_view.h"

namespace sluice::operators {

namespace {

constexpr uint32_t kNoRun = UINT32_MAX;

// Appends row `row` of `source` to `dest`, copying string bytes into `dest`'s own arena so a
// window's keys never keep whole input batches alive.
void AppendKey(types::Column* dest, const types::Column& source, uint32_t row) {
  if (source.IsNull(row)) {
    dest->AppendNull();
  } else if (source.physical() == types::PhysicalType::kString) {
    dest->AppendString(source.strings()[row]);
  } else {
    dest->AppendSelected(source, &row, 1);
  }
}

types::ColumnPtr ConstantColumn(const types::DataType& type, int64_t value, size_t rows) {
  auto column = types::MakeColumn(type);
  column->Resize(rows);
  std::fill_n(column->mutable_data<int64_t>(), rows, value);
  return column;
}

}  // namespace

struct WindowAggregate::Window {
  explicit Window(const std::vector<planner::AggregateCall>* calls) : accumulators(calls) {}
  int64_t end = 0;   // window_end, wall-clock micros
  int64_t time = 0;  // window_time: fires when the watermark reaches it
  absl::flat_hash_map<std::string, uint32_t> slots;  // encoded key -> slot
  std::vector<types::ColumnPtr> keys;                // key values by slot (first-seen order)
  WindowAccumulators accumulators;
};

WindowAggregate::WindowAggregate(const planner::PlanNode& node)
    : schema_(node.schema),
      window_spec_(node.window),
      time_column_(node.time_column),
      group_keys_(node.group_keys),
      calls_(node.aggregates),
      encoder_(node.group_keys),
      watermark_(runtime::kMinWatermark) {}

WindowAggregate::~WindowAggregate() = default;

Status WindowAggregate::Open(runtime::OperatorContext* context) {
  context_ = context;
  assigner_ = std::make_unique<TumblingWindowAssigner>(window_spec_, context->local_time_zone);
  return Status();
}

WindowAggregate::Window* WindowAggregate::FindOrCreateWindow(int64_t window_end) {
  auto it = windows_.find(window_end);
  if (it != windows_.end()) return it->second.get();
  auto window = std::make_unique<Window>(&calls_);
  window->end = window_end;
  window->time = assigner_->WindowTime(window_end);
  for (size_t k = 0; k < group_keys_.size(); ++k) {
    window->keys.push_back(types::MakeColumn(schema_->field(k).type));
  }
  Window* raw = window.get();
  windows_.emplace(window_end, std::move(window));
  return raw;
}

void WindowAggregate::AccumulateRun(Window* window, const types::Batch& batch, const uint32_t* rows,
                                    size_t count) {
  slots_.resize(count);
  if (group_keys_.empty()) {
    window->accumulators.Resize(1);
    std::fill(slots_.begin(), slots_.end(), 0);
  } else {
    encoder_.EncodeRows(batch, rows, count, &key_buffer_, &key_offsets_);
    const char* keys = key_buffer_.data();
    const uint32_t* offsets = key_offsets_.data();
    std::string_view previous;
    uint32_t previous_slot = kNoRun;
    for (size_t i = 0; i < count; ++i) {
      std::string_view key(keys + offsets[i], offsets[i + 1] - offsets[i]);
      if (previous_slot != kNoRun && key == previous) {
        slots_[i] = previous_slot;
        continue;
      }
      uint32_t slot;
      // absl::string_view is not std::string_view in this abseil build.
      auto it = window->slots.find(absl::string_view(key.data(), key.size()));
      if (it != window->slots.end()) {
        slot = it->second;
      } else {
        slot = static_cast<uint32_t>(window->slots.size());
        window->slots.emplace(std::string(key), slot);
        for (size_t k = 0; k < group_keys_.size(); ++k) {
          AppendKey(window->keys[k].get(), *batch.columns[group_keys_[k]], rows[i]);
        }
      }
      slots_[i] = slot;
      previous = key;
      previous_slot = slot;
    }
    window->accumulators.Resize(window->slots.size());
  }
  window->accumulators.Accumulate(batch, rows, slots_.data(), count);
}

Status WindowAggregate::ProcessBatch(int input, types::Batch batch, runtime::Output* out) {
  const size_t rows = batch.num_rows;
  if (rows == 0) return Status();
  const types::Column& time = *batch.columns[time_column_];
  const int64_t* times = time.data<int64_t>();
  const uint8_t* nulls = time.nulls();

  // Window end of every row, and the distinct windows ("runs") of the batch in first-seen order.
  ends_.resize(rows);
  run_of_row_.resize(rows);
  run_ends_.clear();
  int64_t last_end = 0;
  uint32_t last_run = kNoRun;
  for (size_t i = 0; i < rows; ++i) {
    if (nulls != nullptr && nulls[i]) {
      run_of_row_[i] = kNoRun;  // a NULL rowtime is dropped, as Flink does
      continue;
    }
    const int64_t end = assigner_->WindowEnd(times[i]);
    if (last_run == kNoRun || end != last_end) {
      auto found = std::find(run_ends_.begin(), run_ends_.end(), end);
      last_run = static_cast<uint32_t>(found - run_ends_.begin());
      if (found == run_ends_.end()) run_ends_.push_back(end);
      last_end = end;
    }
    run_of_row_[i] = last_run;
  }
  if (run_ends_.empty()) return Status();

  // Rows of each run: the whole batch in the common case of one window and no NULL times.
  const uint32_t* single_run_rows = nullptr;
  if (run_ends_.size() == 1 && nulls == nullptr) {
    if (identity_.size() < rows) {
      identity_.resize(rows);
      std::iota(identity_.begin(), identity_.end(), 0);
    }
    single_run_rows = identity_.data();
  } else {
    if (run_rows_.size() < run_ends_.size()) run_rows_.resize(run_ends_.size());
    for (size_t r = 0; r < run_ends_.size(); ++r) run_rows_[r].clear();
    for (size_t i = 0; i < rows; ++i) {
      if (run_of_row_[i] != kNoRun) run_rows_[run_of_row_[i]].push_back(static_cast<uint32_t>(i));
    }
  }

  for (size_t r = 0; r < run_ends_.size(); ++r) {
    const uint32_t* run_rows = single_run_rows != nullptr ? single_run_rows : run_rows_[r].data();
    const size_t count = single_run_rows != nullptr ? rows : run_rows_[r].size();
    if (assigner_->WindowTime(run_ends_[r]) <= watermark_) {
      // The window has fired: these rows are late.
      if (context_->metrics != nullptr) {
        context_->metrics->late_rows_dropped += static_cast<int64_t>(count);
      }
      continue;
    }
    AccumulateRun(FindOrCreateWindow(run_ends_[r]), batch, run_rows, count);
  }
  return Status();
}

Status WindowAggregate::Fire(Window* window, runtime::Output* out) {
  const size_t slots = window->accumulators.slots();
  const size_t keys = group_keys_.size();
  const size_t width = schema_->size();
  const size_t chunk = static_cast<size_t>(std::max<int64_t>(context_->batch_size, 1));
  for (size_t begin = 0; begin < slots; begin += chunk) {
    const size_t end = std::min(slots, begin + chunk);
    types::Batch batch;
    batch.schema = schema_;
    batch.num_rows = end - begin;
    batch.columns.reserve(width);
    for (size_t k = 0; k < keys; ++k) {
      if (begin == 0 && end == slots) {
        batch.columns.push_back(window->keys[k]);  // the whole window: hand the column over
      } else {
        auto column = types::MakeColumn(schema_->field(k).type);
        column->AppendRange(*window->keys[k], begin, end);
        batch.columns.push_back(std::move(column));
      }
    }
    for (size_t a = 0; a < calls_.size(); ++a) {
      auto column = types::MakeColumn(schema_->field(keys + a).type);
      window->accumulators.AppendResults(a, begin, end, column.get());
      batch.columns.push_back(std::move(column));
    }
    batch.columns.push_back(ConstantColumn(schema_->field(width - 3).type,
                                           window->end - assigner_->size(), end - begin));
    batch.columns.push_back(
        ConstantColumn(schema_->field(width - 2).type, window->end, end - begin));
    batch.columns.push_back(
        ConstantColumn(schema_->field(width - 1).type, window->time, end - begin));
    SLUICE_RETURN_IF_ERROR(out->Collect(std::move(batch)));
  }
  return Status();
}

Status WindowAggregate::OnWatermark(int64_t watermark, runtime::Output* out) {
  watermark_ = std::max(watermark_, watermark);
  // Windows are ordered by end; their times rise with it, so stop at the first one not due.
  while (!windows_.empty() && windows_.begin()->second->time <= watermark_) {
    SLUICE_RETURN_IF_ERROR(Fire(windows_.begin()->second.get(), out));
    windows_.erase(windows_.begin());
  }
  return Status();
}

}  // namespace sluice::operators
