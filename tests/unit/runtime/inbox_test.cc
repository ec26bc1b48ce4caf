#include "sluice/runtime/inbox.h"

#include <future>
#include <thread>

#include "gtest/gtest.h"

namespace sluice::runtime {
namespace {

Message BatchMessage(int channel) {
  Message message;
  message.kind = Message::Kind::kBatch;
  message.channel = channel;
  return message;
}

Message WatermarkMessage(int channel, int64_t watermark) {
  Message message;
  message.kind = Message::Kind::kWatermark;
  message.channel = channel;
  message.watermark = watermark;
  return message;
}

TEST(InboxTest, KeepsOrderAndTimesOutWhenEmpty) {
  Inbox inbox(4);
  ASSERT_TRUE(inbox.Push(BatchMessage(0)));
  ASSERT_TRUE(inbox.Push(WatermarkMessage(1, 7)));
  Message message;
  ASSERT_EQ(inbox.Pop(&message, 0), Inbox::PopResult::kMessage);
  EXPECT_EQ(message.kind, Message::Kind::kBatch);
  ASSERT_EQ(inbox.Pop(&message, 0), Inbox::PopResult::kMessage);
  EXPECT_EQ(message.kind, Message::Kind::kWatermark);
  EXPECT_EQ(message.channel, 1);
  EXPECT_EQ(message.watermark, 7);
  EXPECT_EQ(inbox.Pop(&message, 0), Inbox::PopResult::kTimeout);
}

TEST(InboxTest, MergesConsecutiveWatermarksOfOneChannel) {
  Inbox inbox(4);
  ASSERT_TRUE(inbox.Push(WatermarkMessage(0, 1)));
  ASSERT_TRUE(inbox.Push(WatermarkMessage(0, 5)));
  ASSERT_TRUE(inbox.Push(WatermarkMessage(1, 2)));
  Message message;
  ASSERT_EQ(inbox.Pop(&message, 0), Inbox::PopResult::kMessage);
  EXPECT_EQ(message.watermark, 5);
  ASSERT_EQ(inbox.Pop(&message, 0), Inbox::PopResult::kMessage);
  EXPECT_EQ(message.channel, 1);
  EXPECT_EQ(inbox.Pop(&message, 0), Inbox::PopResult::kTimeout);
}

TEST(InboxTest, FullInboxBlocksUntilPopped) {
  Inbox inbox(1);
  ASSERT_TRUE(inbox.Push(BatchMessage(0)));
  auto pushed = std::async(std::launch::async, [&] { return inbox.Push(BatchMessage(1)); });
  // The second push must block on the full inbox until a pop makes room.
  while (inbox.waiting_producers() == 0) std::this_thread::yield();
  EXPECT_EQ(pushed.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
  Message message;
  ASSERT_EQ(inbox.Pop(&message, -1), Inbox::PopResult::kMessage);
  EXPECT_EQ(message.channel, 0);
  EXPECT_TRUE(pushed.get());
  ASSERT_EQ(inbox.Pop(&message, -1), Inbox::PopResult::kMessage);
  EXPECT_EQ(message.channel, 1);
}

TEST(InboxTest, CloseReleasesBlockedProducerAndConsumer) {
  Inbox full(1);
  ASSERT_TRUE(full.Push(BatchMessage(0)));
  auto pushed = std::async(std::launch::async, [&] { return full.Push(BatchMessage(1)); });
  Inbox empty(1);
  auto popped = std::async(std::launch::async, [&] {
    Message message;
    return empty.Pop(&message, -1);
  });
  auto slept = std::async(std::launch::async, [&] { return empty.Sleep(3600LL * 1000000); });
  full.Close();
  empty.Close();
  EXPECT_FALSE(pushed.get());
  EXPECT_EQ(popped.get(), Inbox::PopResult::kClosed);
  EXPECT_FALSE(slept.get());
  EXPECT_FALSE(full.Push(WatermarkMessage(0, 1)));
}

}  // namespace
}  // namespace sluice::runtime
