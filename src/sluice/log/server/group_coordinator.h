// Consumer group membership as Kafka's group coordinator runs it (classic protocol): members
// join, the coordinator waits until every known member has rejoined (or the rebalance timeout
// passes), bumps the generation, picks a leader and a protocol, and answers the joins; the
// leader's SyncGroup carries every member's (opaque) assignment. Heartbeats keep members alive
// and tell them about a rebalance. Answers arrive through callbacks, possibly later (parked
// joins and syncs). Wire encoding is the broker's business. Single-threaded.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sluice/log/server/kafka_protocol.h"

namespace sluice::log {

struct JoinRequest {
  std::string group_id;
  std::string member_id;  // empty for a new member
  std::string client_id;
  std::string client_host;
  int32_t session_timeout_ms = 0;
  int32_t rebalance_timeout_ms = 0;
  std::string protocol_type;
  std::vector<std::pair<std::string, std::string>> protocols;  // name, metadata
};

struct JoinResult {
  ErrorCode error = ErrorCode::kNone;
  int32_t generation = -1;
  std::string protocol_name;
  std::string leader;
  std::string member_id;
  std::vector<std::pair<std::string, std::string>> members;  // for the leader only
};

struct SyncResult {
  ErrorCode error = ErrorCode::kNone;
  std::string assignment;
};

enum class GroupState { kEmpty, kPreparingRebalance, kCompletingRebalance, kStable };

/// Kafka's name of a group state ("Stable", ...), as DescribeGroups reports it.
const char* GroupStateName(GroupState state);

struct GroupDescription {
  struct Member {
    std::string id;
    std::string client_id;
    std::string client_host;
    std::string metadata;  // for the group's protocol
    std::string assignment;
  };
  GroupState state = GroupState::kEmpty;
  std::string protocol_type;
  std::string protocol_name;
  std::vector<Member> members;
};

class GroupCoordinator {
 public:
  static constexpr int32_t kMinSessionTimeoutMs = 6000;     // group.min.session.timeout.ms
  static constexpr int32_t kMaxSessionTimeoutMs = 1800000;  // group.max.session.timeout.ms

  using JoinCallback = std::function<void(const JoinResult&)>;
  using SyncCallback = std::function<void(const SyncResult&)>;

  void Join(const JoinRequest& request, int64_t now_ms, JoinCallback done);
  void Sync(const std::string& group_id, int32_t generation, const std::string& member_id,
            const std::vector<std::pair<std::string, std::string>>& assignments, int64_t now_ms,
            SyncCallback done);
  ErrorCode Heartbeat(const std::string& group_id, int32_t generation, const std::string& member_id,
                      int64_t now_ms);
  ErrorCode Leave(const std::string& group_id, const std::string& member_id, int64_t now_ms);
  /// Whether a member may commit offsets for `generation` (generation -1 with an empty member
  /// id is a commit from outside any group, allowed while the group has no members).
  ErrorCode CheckCommit(const std::string& group_id, int32_t generation,
                        const std::string& member_id) const;

  /// Expires members whose session timed out and completes rebalances whose timeout passed;
  /// returns milliseconds until the next deadline.
  int64_t Tick(int64_t now_ms);
  /// Drops the parked callbacks of a closed connection's requests (they cannot be answered).
  void ForgetCallbacksOf(uint64_t connection_id);

  std::optional<GroupState> StateOf(const std::string& group_id) const;
  std::optional<GroupDescription> Describe(const std::string& group_id) const;
  /// Every known group id with its protocol type.
  std::vector<std::pair<std::string, std::string>> List() const;
  int32_t GenerationOf(const std::string& group_id) const;
  size_t MemberCount(const std::string& group_id) const;

  /// The connection whose callbacks are being registered (set by the broker per request).
  void set_current_connection(uint64_t id) { current_connection_ = id; }

 private:
  struct Member {
    std::string id;
    std::string client_id;
    std::string client_host;
    int32_t session_timeout_ms = 0;
    int32_t rebalance_timeout_ms = 0;
    std::vector<std::pair<std::string, std::string>> protocols;
    int64_t last_seen_ms = 0;
    std::string assignment;
    JoinCallback join;  // parked JoinGroup
    SyncCallback sync;  // parked SyncGroup
    uint64_t join_connection = 0;
    uint64_t sync_connection = 0;
  };
  struct Group {
    std::string id;
    GroupState state = GroupState::kEmpty;
    int32_t generation = 0;
    std::string protocol_type;
    std::string protocol_name;
    std::string leader;
    std::map<std::string, Member> members;
    int64_t rebalance_deadline_ms = 0;
  };

  void PrepareRebalance(Group& group, int64_t now_ms);
  void MaybeCompleteJoin(Group& group, int64_t now_ms, bool deadline_passed);
  void RemoveMember(Group& group, const std::string& member_id, int64_t now_ms);
  std::string SelectProtocol(const Group& group) const;

  std::map<std::string, Group> groups_;
  uint64_t member_counter_ = 0;
  uint64_t current_connection_ = 0;
};

}  // namespace sluice::log
