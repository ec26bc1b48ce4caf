#include "sluice/runtime/inbox.h"

#include <algorithm>
#include <chrono>

namespace sluice::runtime {

Inbox::Inbox(size_t batch_capacity)
    : batch_capacity_(std::max<size_t>(batch_capacity, 1)),
      message_capacity_(4 * std::max<size_t>(batch_capacity, 1) + 16) {}

bool Inbox::Full(const Message& message) const {
  if (message.kind == Message::Kind::kBatch) return batches_ >= batch_capacity_;
  return queue_.size() >= message_capacity_;
}

bool Inbox::Push(Message message) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (message.kind == Message::Kind::kWatermark && !queue_.empty()) {
    Message& last = queue_.back();
    if (last.kind == Message::Kind::kWatermark && last.channel == message.channel) {
      last.watermark = std::max(last.watermark, message.watermark);
      return !closed_;
    }
  }
  if (!closed_ && Full(message)) {
    ++waiting_producers_;
    not_full_.wait(lock, [&] { return closed_ || !Full(message); });
    --waiting_producers_;
  }
  if (closed_) return false;
  if (message.kind == Message::Kind::kBatch) ++batches_;
  queue_.push_back(std::move(message));
  lock.unlock();
  not_empty_.notify_one();
  return true;
}

Inbox::PopResult Inbox::Pop(Message* message, int64_t timeout_micros) {
  std::unique_lock<std::mutex> lock(mutex_);
  auto ready = [&] { return closed_ || !queue_.empty(); };
  if (timeout_micros < 0) {
    not_empty_.wait(lock, ready);
  } else if (!not_empty_.wait_for(lock, std::chrono::microseconds(timeout_micros), ready)) {
    return PopResult::kTimeout;
  }
  if (closed_) return PopResult::kClosed;
  *message = std::move(queue_.front());
  queue_.pop_front();
  if (message->kind == Message::Kind::kBatch) --batches_;
  bool wake = waiting_producers_ > 0;
  lock.unlock();
  if (wake) not_full_.notify_all();
  return PopResult::kMessage;
}

bool Inbox::Sleep(int64_t timeout_micros) {
  std::unique_lock<std::mutex> lock(mutex_);
  not_empty_.wait_for(lock, std::chrono::microseconds(std::max<int64_t>(timeout_micros, 0)),
                      [&] { return closed_; });
  return !closed_;
}

void Inbox::Close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    queue_.clear();
    batches_ = 0;
  }
  not_empty_.notify_all();
  not_full_.notify_all();
}

int Inbox::waiting_producers() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return waiting_producers_;
}

bool Inbox::closed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return closed_;
}

}  // namespace sluice::runtime
