#include "sluice/log/log_manager.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "log_test_support.h"

namespace sluice::log {
namespace {

TEST(LogManagerTest, CreateReopenDelete) {
  TemporaryFolder folder;
  {
    auto manager = LogManager::Open(folder.path());
    ASSERT_TRUE(manager.ok()) << manager.status();
    ASSERT_TRUE((*manager)->CreateTopic("events", 3, {{"retention.ms", "1000"}}).ok());
    EXPECT_TRUE(absl::IsAlreadyExists((*manager)->CreateTopic("events", 1, {})));
    PartitionLog* p2 = (*manager)->FindPartition("events", 2);
    ASSERT_NE(p2, nullptr);
    ASSERT_TRUE(p2->Append(MakeBatch(4, "x"), 0).ok());
    EXPECT_EQ((*manager)->FindPartition("events", 3), nullptr);
  }
  auto manager = LogManager::Open(folder.path());
  ASSERT_TRUE(manager.ok());
  Topic* topic = (*manager)->FindTopic("events");
  ASSERT_NE(topic, nullptr);
  EXPECT_EQ(topic->partitions.size(), 3u);
  EXPECT_EQ(topic->config.retention_ms, 1000);
  EXPECT_EQ((*manager)->FindPartition("events", 2)->end_offset(), 4);
  ASSERT_TRUE((*manager)->DeleteTopic("events").ok());
  EXPECT_TRUE(absl::IsNotFound((*manager)->DeleteTopic("events")));
  EXPECT_FALSE(std::filesystem::exists(folder.path() + "/topics/events"));
  manager->reset();
  std::filesystem::create_directories(folder.path() + "/topics/stray/0");
  auto reopened = LogManager::Open(folder.path());
  ASSERT_TRUE(reopened.ok()) << "a folder without topic.properties is skipped";
  EXPECT_EQ((*reopened)->FindTopic("stray"), nullptr);
}

TEST(LogManagerTest, RejectsBadNamesCountsAndConfigs) {
  TemporaryFolder folder;
  auto manager = LogManager::Open(folder.path());
  auto message = [](const Status& s) { return std::string(s.message()); };
  EXPECT_EQ(message((*manager)->CreateTopic("a/b", 1, {})),
            "invalid topic name 'a/b': only ASCII letters, digits, '.', '_' and '-' are allowed");
  EXPECT_TRUE(absl::IsInvalidArgument((*manager)->CreateTopic("..", 1, {})));
  EXPECT_TRUE(absl::IsInvalidArgument((*manager)->CreateTopic("t", 0, {})));
  Status unknown = (*manager)->CreateTopic("t", 1, {{"retention.hours", "1"}});
  EXPECT_TRUE(absl::IsInvalidArgument(unknown));
  EXPECT_NE(message(unknown).find("unknown topic config 'retention.hours'; supported: "),
            std::string::npos);
  EXPECT_EQ(message((*manager)->CreateTopic("t", 1, {{"segment.bytes", "x"}})),
            "invalid value for topic config 'segment.bytes': 'x'");
  EXPECT_EQ(message((*manager)->CreateTopic("t", 1, {{"segment.bytes", "4294967296"}})),
            "invalid value for topic config 'segment.bytes': '4294967296'");
  EXPECT_TRUE((*manager)->topics().empty());
}

}  // namespace
}  // namespace sluice::log

namespace sluice::log {
namespace {

TEST(LogManagerTest, OneProcessPerDataFolder) {
  TemporaryFolder folder;
  auto first = LogManager::Open(folder.path());
  ASSERT_TRUE(first.ok());
  // flock locks belong to the open file description: a second open in this process conflicts.
  auto second = LogManager::Open(folder.path());
  ASSERT_FALSE(second.ok());
  EXPECT_NE(std::string(second.status().message()).find("is in use by another process"),
            std::string::npos);
}

}  // namespace
}  // namespace sluice::log
