// Inbox: the bounded, blocking message queue in front of one task. Every logical channel
// (upstream subtask -> this task) pushes into it, so the task drains its inputs in arrival order
// and never waits on one particular input: with a DAG this cannot deadlock.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>

#include "sluice/types/batch.h"

namespace sluice::runtime {

/// One item on a channel (DESIGN.md §4): Batch | Watermark | EndOfInput.
struct Message {
  enum class Kind : uint8_t { kBatch, kWatermark, kEndOfInput };
  Kind kind = Kind::kBatch;
  int channel = 0;        // the receiving task's channel id
  int input = 0;          // the head operator's input index
  int64_t watermark = 0;  // kWatermark: microseconds
  types::Batch batch;     // kBatch
};

/// Thread-safe: many producers, one consumer. Capacity is counted in batches; control messages
/// (watermarks, end of input) are cheap and get extra room, and a watermark pushed right behind
/// another of the same channel replaces it (watermarks only grow).
class Inbox {
 public:
  explicit Inbox(size_t batch_capacity);

  /// Blocks while full. Returns false (dropping the message) when the inbox is closed.
  bool Push(Message message);

  enum class PopResult { kMessage, kTimeout, kClosed };
  /// Waits up to `timeout_micros` (< 0: forever) for a message.
  PopResult Pop(Message* message, int64_t timeout_micros);

  /// Waits up to `timeout_micros` or until the inbox is closed; returns false if closed.
  bool Sleep(int64_t timeout_micros);

  /// Wakes every waiter; later pushes and pops fail. Used to cancel a job.
  void Close();
  bool closed() const;
  /// Producers blocked in Push on a full inbox (for tests).
  int waiting_producers() const;

 private:
  bool Full(const Message& message) const;

  const size_t batch_capacity_;
  const size_t message_capacity_;
  mutable std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<Message> queue_;
  size_t batches_ = 0;
  int waiting_producers_ = 0;
  bool closed_ = false;
};

}  // namespace sluice::runtime
