#include "sluice/runtime/task_output.h"

#include <gtest/gtest.h>

namespace sluice::runtime {
namespace {

// On a forward edge, upstream subtask i talks only to downstream subtask i: its end of input and
// watermarks must not reach the other subtasks, which would otherwise count their own channel as
// ended and stop before their upstream's rows arrive.
TEST(TaskOutput, ForwardEdgeSignalsOnlyItsOwnTarget) {
  Inbox first(4), second(4);
  std::vector<OutgoingEdge> edges(1);
  edges[0].partitioner = std::make_unique<Partitioner>(PartitionerKind::kForward,
                                                       std::vector<int>{}, /*upstream=*/1, 2, 128);
  edges[0].targets = {&first, &second};
  TaskOutput output(std::move(edges));
  ASSERT_TRUE(output.EmitWatermark(10).ok());
  ASSERT_TRUE(output.EmitEndOfInput().ok());

  Message message;
  EXPECT_EQ(first.Pop(&message, 0), Inbox::PopResult::kTimeout);
  ASSERT_EQ(second.Pop(&message, 0), Inbox::PopResult::kMessage);
  EXPECT_EQ(message.kind, Message::Kind::kWatermark);
  ASSERT_EQ(second.Pop(&message, 0), Inbox::PopResult::kMessage);
  EXPECT_EQ(message.kind, Message::Kind::kEndOfInput);
}

TEST(TaskOutput, HashEdgeSignalsEveryTarget) {
  Inbox first(4), second(4);
  std::vector<OutgoingEdge> edges(1);
  edges[0].partitioner = std::make_unique<Partitioner>(PartitionerKind::kHash,
                                                       std::vector<int>{0}, /*upstream=*/1, 2, 128);
  edges[0].targets = {&first, &second};
  TaskOutput output(std::move(edges));
  ASSERT_TRUE(output.EmitEndOfInput().ok());
  Message message;
  EXPECT_EQ(first.Pop(&message, 0), Inbox::PopResult::kMessage);
  EXPECT_EQ(second.Pop(&message, 0), Inbox::PopResult::kMessage);
}

}  // namespace
}  // namespace sluice::runtime
