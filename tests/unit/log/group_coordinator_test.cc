#include "sluice/log/server/group_coordinator.h"

#include "gtest/gtest.h"

namespace sluice::log {
namespace {

JoinRequest Join(const std::string& member_id) {
  JoinRequest request;
  request.group_id = "g";
  request.member_id = member_id;
  request.client_id = "client";
  request.session_timeout_ms = 10000;
  request.rebalance_timeout_ms = 30000;
  request.protocol_type = "consumer";
  request.protocols = {{"range", "meta-" + member_id}, {"roundrobin", "rr"}};
  return request;
}

TEST(GroupCoordinatorTest, TwoMembersRebalanceAndSync) {
  GroupCoordinator groups;
  JoinResult first;
  groups.Join(Join(""), 0, [&](const JoinResult& r) { first = r; });
  ASSERT_EQ(first.error, ErrorCode::kNone) << "a lone member completes the join at once";
  EXPECT_EQ(first.generation, 1);
  EXPECT_EQ(first.leader, first.member_id);
  EXPECT_EQ(first.members.size(), 1u);
  SyncResult sync;
  groups.Sync("g", 1, first.member_id, {{first.member_id, "all"}}, 0,
              [&](const SyncResult& r) { sync = r; });
  EXPECT_EQ(sync.assignment, "all");
  EXPECT_EQ(*groups.StateOf("g"), GroupState::kStable);

  JoinResult second;
  second.generation = -5;
  groups.Join(Join(""), 100, [&](const JoinResult& r) { second = r; });
  EXPECT_EQ(second.generation, -5) << "waits for the first member to rejoin";
  EXPECT_EQ(groups.Heartbeat("g", 1, first.member_id, 200), ErrorCode::kRebalanceInProgress);
  JoinResult rejoin;
  groups.Join(Join(first.member_id), 300, [&](const JoinResult& r) { rejoin = r; });
  EXPECT_EQ(rejoin.generation, 2);
  EXPECT_EQ(second.generation, 2);
  EXPECT_EQ(rejoin.leader, first.member_id) << "the leader is kept";
  EXPECT_EQ(rejoin.members.size(), 2u);
  EXPECT_TRUE(second.members.empty()) << "followers do not get the member list";
  EXPECT_EQ(rejoin.protocol_name, "range");

  SyncResult follower;
  groups.Sync("g", 2, second.member_id, {}, 400, [&](const SyncResult& r) { follower = r; });
  EXPECT_EQ(follower.error, ErrorCode::kNone);
  EXPECT_TRUE(follower.assignment.empty()) << "parked until the leader syncs";
  SyncResult leader;
  groups.Sync("g", 2, first.member_id, {{first.member_id, "p0"}, {second.member_id, "p1"}}, 500,
              [&](const SyncResult& r) { leader = r; });
  EXPECT_EQ(leader.assignment, "p0");
  EXPECT_EQ(follower.assignment, "p1");
  EXPECT_EQ(groups.Heartbeat("g", 2, second.member_id, 600), ErrorCode::kNone);
  EXPECT_EQ(groups.Heartbeat("g", 1, second.member_id, 600), ErrorCode::kIllegalGeneration);
  EXPECT_EQ(groups.Heartbeat("g", 2, "stranger", 600), ErrorCode::kUnknownMemberId);
  EXPECT_EQ(groups.CheckCommit("g", 2, second.member_id), ErrorCode::kNone);
  EXPECT_EQ(groups.CheckCommit("g", 1, second.member_id), ErrorCode::kIllegalGeneration);
}

TEST(GroupCoordinatorTest, LeaveAndSessionTimeoutTriggerRebalances) {
  GroupCoordinator groups;
  JoinResult a;
  groups.Join(Join(""), 0, [&](const JoinResult& r) { a = r; });
  groups.Sync("g", 1, a.member_id, {}, 0, [](const SyncResult&) {});
  JoinResult b;
  groups.Join(Join(""), 0, [&](const JoinResult& r) { b = r; });
  groups.Join(Join(a.member_id), 0, [&](const JoinResult& r) { a = r; });
  ASSERT_EQ(b.generation, 2);
  EXPECT_EQ(groups.Leave("g", b.member_id, 1000), ErrorCode::kNone);
  EXPECT_EQ(*groups.StateOf("g"), GroupState::kPreparingRebalance);
  groups.Join(Join(a.member_id), 1100, [&](const JoinResult& r) { a = r; });
  EXPECT_EQ(a.generation, 3);
  EXPECT_EQ(groups.MemberCount("g"), 1u);
  groups.Sync("g", 3, a.member_id, {}, 1100, [](const SyncResult&) {});
  groups.Tick(5000);
  EXPECT_EQ(groups.MemberCount("g"), 1u);
  groups.Tick(1100 + 10001);  // the session of a (10 s) has passed without heartbeats
  EXPECT_EQ(groups.MemberCount("g"), 0u);
  EXPECT_EQ(*groups.StateOf("g"), GroupState::kEmpty);
  EXPECT_EQ(groups.CheckCommit("g", -1, ""), ErrorCode::kNone) << "commits outside the group";
}

TEST(GroupCoordinatorTest, RejectsBadJoins) {
  GroupCoordinator groups;
  JoinRequest request = Join("");
  request.session_timeout_ms = 10;
  JoinResult result;
  groups.Join(request, 0, [&](const JoinResult& r) { result = r; });
  EXPECT_EQ(result.error, ErrorCode::kInvalidSessionTimeout);
  groups.Join(Join("unknown-member"), 0, [&](const JoinResult& r) { result = r; });
  EXPECT_EQ(result.error, ErrorCode::kUnknownMemberId);
  groups.Join(Join(""), 0, [&](const JoinResult& r) { result = r; });
  JoinRequest other = Join("");
  other.protocols = {{"sticky", ""}};
  groups.Join(other, 0, [&](const JoinResult& r) { result = r; });
  EXPECT_EQ(result.error, ErrorCode::kInconsistentGroupProtocol);
}

}  // namespace
}  // namespace sluice::log
