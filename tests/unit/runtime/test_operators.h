// Test doubles for the runtime tests: in-memory readers, a pass-through map, a keyed counter and
// a collecting sink that records everything the runtime calls, thread-safely.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "sluice/runtime/operator.h"
#include "sluice/runtime/source_reader.h"
#include "sluice/types/batch.h"

namespace sluice::runtime::testing {

inline types::SchemaPtr KeyValueSchema() {
  static const types::SchemaPtr schema =
      types::MakeSchema({{"key", types::DataType::BigInt()}, {"name", types::DataType::String()}});
  return schema;
}

/// A batch of (key, "name<key>") rows.
inline types::Batch MakeBatch(const std::vector<int64_t>& keys) {
  types::Batch batch(KeyValueSchema());
  for (int64_t key : keys) {
    batch.columns[0]->Append<int64_t>(key);
    batch.columns[1]->AppendString("name" + std::to_string(key));
  }
  batch.SyncRowCount();
  return batch;
}

inline std::vector<int64_t> KeysOf(const types::Batch& batch) {
  const int64_t* keys = batch.columns[0]->data<int64_t>();
  return std::vector<int64_t>(keys, keys + batch.num_rows);
}

/// Records what happens to readers and operators of one job, shared by all their instances.
struct Journal {
  std::mutex mutex;
  std::condition_variable changed;
  std::map<int, std::vector<int64_t>> keys;  // by subtask, in arrival order
  std::map<int, std::vector<int64_t>> watermarks;
  std::map<std::string, int> calls;  // "<operator>/<subtask>/<event>" -> count
  int64_t batches = 0;

  void Count(const std::string& event) {
    std::lock_guard<std::mutex> lock(mutex);
    ++calls[event];
    changed.notify_all();
  }
  int Calls(const std::string& event) {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = calls.find(event);
    return it == calls.end() ? 0 : it->second;
  }
  /// Waits (without a timeout: a hang is a failure the test runner reports) until `done` holds.
  void WaitFor(const std::function<bool()>& done) {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, done);
  }
  size_t TotalRows() {
    size_t rows = 0;
    for (auto& [subtask, list] : keys) rows += list.size();
    return rows;
  }
};

/// Bounded reader: each subtask owns `splits` splits of the given batches and returns them
/// round-robin, then kEnd. With `unbounded`, keeps returning kNothingYet (or the batches again
/// when `repeat`) instead of ending.
class VectorReader : public SourceReader {
 public:
  VectorReader(std::vector<std::vector<types::Batch>> splits, Journal* journal, int subtask,
               bool unbounded = false, bool repeat = false)
      : splits_(std::move(splits)),
        journal_(journal),
        subtask_(subtask),
        unbounded_(unbounded),
        repeat_(repeat) {}
  Status Open(const SourceContext& context) override {
    journal_->Count("reader/" + std::to_string(subtask_) + "/open");
    return Status();
  }
  int num_splits() const override { return static_cast<int>(splits_.size()); }
  StatusOr<ReadResult> Read() override {
    ReadResult result;
    for (size_t attempt = 0; attempt < splits_.size(); ++attempt) {
      const size_t split = (next_split_ + attempt) % splits_.size();
      if (positions_.size() < splits_.size()) positions_.resize(splits_.size(), 0);
      if (repeat_ && positions_[split] == splits_[split].size()) positions_[split] = 0;
      if (positions_[split] < splits_[split].size()) {
        result.status = ReadStatus::kBatch;
        result.batch = splits_[split][positions_[split]++];
        result.split = static_cast<int>(split);
        next_split_ = split + 1;
        return result;
      }
    }
    result.status = unbounded_ ? ReadStatus::kNothingYet : ReadStatus::kEnd;
    return result;
  }
  void Close() override { journal_->Count("reader/" + std::to_string(subtask_) + "/close"); }

 private:
  std::vector<std::vector<types::Batch>> splits_;
  Journal* journal_;
  int subtask_;
  bool unbounded_;
  bool repeat_;
  size_t next_split_ = 0;
  std::vector<size_t> positions_;
};

/// A reader fed by the test, one batch at a time: kNothingYet while empty, kEnd once finished.
class FeedReader : public SourceReader {
 public:
  struct Feed {
    std::mutex mutex;
    std::deque<types::Batch> batches;
    bool finished = false;
    void Push(types::Batch batch) {
      std::lock_guard<std::mutex> lock(mutex);
      batches.push_back(std::move(batch));
    }
    void Finish() {
      std::lock_guard<std::mutex> lock(mutex);
      finished = true;
    }
  };
  explicit FeedReader(Feed* feed) : feed_(feed) {}
  Status Open(const SourceContext& context) override { return Status(); }
  int num_splits() const override { return 1; }
  StatusOr<ReadResult> Read() override {
    std::lock_guard<std::mutex> lock(feed_->mutex);
    ReadResult result;
    if (!feed_->batches.empty()) {
      result.status = ReadStatus::kBatch;
      result.batch = std::move(feed_->batches.front());
      feed_->batches.pop_front();
    } else {
      result.status = feed_->finished ? ReadStatus::kEnd : ReadStatus::kNothingYet;
    }
    return result;
  }

 private:
  Feed* feed_;
};

/// Base for journaled operators: records open/close/end-input calls as "<name>/<subtask>/...".
class JournaledOperator : public Operator {
 public:
  JournaledOperator(std::string name, Journal* journal)
      : name_(std::move(name)), journal_(journal) {}
  Status Open(OperatorContext* context) override {
    context_ = context;
    journal_->Count(Event("open"));
    return Status();
  }
  Status EndInput(int input, Output* out) override {
    journal_->Count(Event("end" + std::to_string(input)));
    return Status();
  }
  void Close() override { journal_->Count(Event("close")); }
  std::string name() const override { return name_; }

 protected:
  std::string Event(const std::string& what) const {
    return name_ + "/" + std::to_string(context_->subtask_index) + "/" + what;
  }
  std::string name_;
  Journal* journal_;
};

/// Forwards batches; optionally emits the largest key seen as a watermark after each batch.
class PassThrough : public JournaledOperator {
 public:
  explicit PassThrough(Journal* journal, std::string name = "map", bool key_is_watermark = false)
      : JournaledOperator(std::move(name), journal), key_is_watermark_(key_is_watermark) {}
  Status ProcessBatch(int input, types::Batch batch, Output* out) override {
    int64_t max_key = kMinWatermark;
    for (int64_t key : KeysOf(batch)) max_key = std::max(max_key, key);
    SLUICE_RETURN_IF_ERROR(out->Collect(std::move(batch)));
    if (key_is_watermark_ && max_key > kMinWatermark) return out->EmitWatermark(max_key);
    return Status();
  }

 private:
  bool key_is_watermark_;
};

/// Counts rows per key; emits (key, count) rows at end of input. Records which subtask saw a key.
class KeyedCount : public JournaledOperator {
 public:
  KeyedCount(Journal* journal, std::map<int64_t, std::set<int>>* owners)
      : JournaledOperator("count", journal), owners_(owners) {}
  Status ProcessBatch(int input, types::Batch batch, Output* out) override {
    for (int64_t key : KeysOf(batch)) ++counts_[key];
    return Status();
  }
  Status EndInput(int input, Output* out) override {
    SLUICE_RETURN_IF_ERROR(JournaledOperator::EndInput(input, out));
    {
      std::lock_guard<std::mutex> lock(journal_->mutex);
      for (auto& [key, count] : counts_) (*owners_)[key].insert(context_->subtask_index);
    }
    std::vector<int64_t> rows;
    for (auto& [key, count] : counts_) rows.insert(rows.end(), count, key);
    return out->Collect(MakeBatch(rows));
  }

 private:
  std::map<int64_t, int64_t> counts_;
  std::map<int64_t, std::set<int>>* owners_;
};

/// Records every batch (keys by subtask) and watermark it receives. Optionally fails with
/// `failure` once it has seen `fail_after_batches` batches.
class CollectSink : public JournaledOperator {
 public:
  explicit CollectSink(Journal* journal, std::string name = "sink", int fail_after_batches = -1,
                       Status failure = Status())
      : JournaledOperator(std::move(name), journal),
        fail_after_batches_(fail_after_batches),
        failure_(std::move(failure)) {}
  Status ProcessBatch(int input, types::Batch batch, Output* out) override {
    if (fail_after_batches_ >= 0 && seen_++ >= fail_after_batches_) return failure_;
    std::lock_guard<std::mutex> lock(journal_->mutex);
    auto& list = journal_->keys[context_->subtask_index];
    for (int64_t key : KeysOf(batch)) list.push_back(key);
    ++journal_->batches;
    journal_->changed.notify_all();
    return Status();
  }
  Status OnWatermark(int64_t watermark, Output* out) override {
    std::lock_guard<std::mutex> lock(journal_->mutex);
    journal_->watermarks[context_->subtask_index].push_back(watermark);
    journal_->changed.notify_all();
    return Status();
  }

 private:
  int fail_after_batches_;
  Status failure_;
  int seen_ = 0;
};

template <typename T, typename... Args>
OperatorFactory Factory(Args... args) {
  return [=](int subtask) -> StatusOr<OperatorPtr> { return std::make_unique<T>(args...); };
}

}  // namespace sluice::runtime::testing
