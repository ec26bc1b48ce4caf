#include "sluice/log/server/group_coordinator.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "sluice/common/logging.h"

namespace sluice::log {

void GroupCoordinator::Join(const JoinRequest& request, int64_t now_ms, JoinCallback done) {
  JoinResult error;
  error.member_id = request.member_id;
  if (request.group_id.empty()) {
    error.error = ErrorCode::kInvalidGroupId;
    return done(error);
  }
  if (request.session_timeout_ms < kMinSessionTimeoutMs ||
      request.session_timeout_ms > kMaxSessionTimeoutMs) {
    error.error = ErrorCode::kInvalidSessionTimeout;
    return done(error);
  }
  Group& group = groups_[request.group_id];
  group.id = request.group_id;
  if (!request.member_id.empty() && !group.members.contains(request.member_id)) {
    error.error = ErrorCode::kUnknownMemberId;
    return done(error);
  }
  bool others = group.members.size() > (request.member_id.empty() ? 0u : 1u);
  if (others) {
    bool common = false;
    for (const auto& [name, metadata] : request.protocols) {
      bool everyone = true;
      for (const auto& [id, member] : group.members) {
        if (id == request.member_id) continue;
        everyone &= std::any_of(member.protocols.begin(), member.protocols.end(),
                                [&](const auto& p) { return p.first == name; });
      }
      common |= everyone;
    }
    if (request.protocol_type != group.protocol_type || !common) {
      error.error = ErrorCode::kInconsistentGroupProtocol;
      return done(error);
    }
  }
  if (request.protocols.empty()) {
    error.error = ErrorCode::kInconsistentGroupProtocol;
    return done(error);
  }
  std::string id = request.member_id;
  if (id.empty()) id = absl::StrCat(request.client_id, "-", ++member_counter_, "-", now_ms);
  Member& member = group.members[id];
  member.id = id;
  member.client_id = request.client_id;
  member.client_host = request.client_host;
  member.session_timeout_ms = request.session_timeout_ms;
  member.rebalance_timeout_ms = request.rebalance_timeout_ms;
  member.protocols = request.protocols;
  member.last_seen_ms = now_ms;
  member.join = std::move(done);
  member.join_connection = current_connection_;
  group.protocol_type = request.protocol_type;
  if (group.state != GroupState::kPreparingRebalance) PrepareRebalance(group, now_ms);
  MaybeCompleteJoin(group, now_ms, false);
}

void GroupCoordinator::PrepareRebalance(Group& group, int64_t now_ms) {
  if (group.state == GroupState::kCompletingRebalance) {
    for (auto& [id, member] : group.members) {
      if (!member.sync) continue;
      SyncCallback sync = std::move(member.sync);
      member.sync = nullptr;
      sync({ErrorCode::kRebalanceInProgress, ""});
    }
  }
  int32_t timeout = 0;
  for (const auto& [id, member] : group.members) {
    timeout = std::max(timeout, member.rebalance_timeout_ms);
  }
  group.state = GroupState::kPreparingRebalance;
  group.rebalance_deadline_ms = now_ms + timeout;
}

std::string GroupCoordinator::SelectProtocol(const Group& group) const {
  const Member& first = group.leader.empty() || !group.members.contains(group.leader)
                            ? group.members.begin()->second
                            : group.members.at(group.leader);
  for (const auto& [name, metadata] : first.protocols) {
    bool everyone = true;
    for (const auto& [id, member] : group.members) {
      everyone &= std::any_of(member.protocols.begin(), member.protocols.end(),
                              [&](const auto& p) { return p.first == name; });
    }
    if (everyone) return name;
  }
  return first.protocols.front().first;
}

void GroupCoordinator::MaybeCompleteJoin(Group& group, int64_t now_ms, bool deadline_passed) {
  if (group.state != GroupState::kPreparingRebalance) return;
  bool everyone = std::all_of(group.members.begin(), group.members.end(),
                              [](const auto& entry) { return entry.second.join != nullptr; });
  if (!everyone && !deadline_passed) return;
  std::erase_if(group.members, [](const auto& entry) { return entry.second.join == nullptr; });
  ++group.generation;
  if (group.members.empty()) {
    group.state = GroupState::kEmpty;
    group.protocol_name.clear();
    group.leader.clear();
    return;
  }
  group.protocol_name = SelectProtocol(group);
  if (!group.members.contains(group.leader)) group.leader = group.members.begin()->first;
  group.state = GroupState::kCompletingRebalance;
  group.rebalance_deadline_ms = now_ms;
  std::vector<std::pair<std::string, std::string>> all;
  for (const auto& [id, member] : group.members) {
    for (const auto& [name, metadata] : member.protocols) {
      if (name == group.protocol_name) all.emplace_back(id, metadata);
    }
  }
  LogInfo("group {} generation {}: {} members, leader {}", group.id, group.generation,
          group.members.size(), group.leader);
  for (auto& [id, member] : group.members) {
    JoinResult result;
    result.generation = group.generation;
    result.protocol_name = group.protocol_name;
    result.leader = group.leader;
    result.member_id = id;
    if (id == group.leader) result.members = all;
    member.last_seen_ms = now_ms;
    JoinCallback join = std::move(member.join);
    member.join = nullptr;
    join(result);
  }
}

void GroupCoordinator::Sync(const std::string& group_id, int32_t generation,
                            const std::string& member_id,
                            const std::vector<std::pair<std::string, std::string>>& assignments,
                            int64_t now_ms, SyncCallback done) {
  auto found = groups_.find(group_id);
  if (found == groups_.end() || !found->second.members.contains(member_id)) {
    return done({ErrorCode::kUnknownMemberId, ""});
  }
  Group& group = found->second;
  Member& member = group.members.at(member_id);
  member.last_seen_ms = now_ms;
  if (group.state == GroupState::kPreparingRebalance) {
    return done({ErrorCode::kRebalanceInProgress, ""});
  }
  if (generation != group.generation) return done({ErrorCode::kIllegalGeneration, ""});
  if (group.state == GroupState::kStable) return done({ErrorCode::kNone, member.assignment});
  member.sync = std::move(done);
  member.sync_connection = current_connection_;
  if (member_id != group.leader) return;
  for (auto& [id, other] : group.members) other.assignment.clear();
  for (const auto& [id, assignment] : assignments) {
    auto it = group.members.find(id);
    if (it != group.members.end()) it->second.assignment = assignment;
  }
  group.state = GroupState::kStable;
  for (auto& [id, other] : group.members) {
    if (!other.sync) continue;
    SyncCallback sync = std::move(other.sync);
    other.sync = nullptr;
    sync({ErrorCode::kNone, other.assignment});
  }
}

ErrorCode GroupCoordinator::Heartbeat(const std::string& group_id, int32_t generation,
                                      const std::string& member_id, int64_t now_ms) {
  auto found = groups_.find(group_id);
  if (found == groups_.end() || !found->second.members.contains(member_id)) {
    return ErrorCode::kUnknownMemberId;
  }
  Group& group = found->second;
  group.members.at(member_id).last_seen_ms = now_ms;
  if (group.state == GroupState::kPreparingRebalance) return ErrorCode::kRebalanceInProgress;
  if (generation != group.generation) return ErrorCode::kIllegalGeneration;
  return ErrorCode::kNone;
}

ErrorCode GroupCoordinator::Leave(const std::string& group_id, const std::string& member_id,
                                  int64_t now_ms) {
  auto found = groups_.find(group_id);
  if (found == groups_.end() || !found->second.members.contains(member_id)) {
    return ErrorCode::kUnknownMemberId;
  }
  RemoveMember(found->second, member_id, now_ms);
  return ErrorCode::kNone;
}

void GroupCoordinator::RemoveMember(Group& group, const std::string& member_id, int64_t now_ms) {
  auto it = group.members.find(member_id);
  if (it == group.members.end()) return;
  JoinCallback join = std::move(it->second.join);
  SyncCallback sync = std::move(it->second.sync);
  group.members.erase(it);
  if (join) join({ErrorCode::kUnknownMemberId, -1, "", "", member_id, {}});
  if (sync) sync({ErrorCode::kUnknownMemberId, ""});
  if (group.state == GroupState::kStable || group.state == GroupState::kCompletingRebalance) {
    PrepareRebalance(group, now_ms);
  }
  MaybeCompleteJoin(group, now_ms, false);
}

ErrorCode GroupCoordinator::CheckCommit(const std::string& group_id, int32_t generation,
                                        const std::string& member_id) const {
  auto found = groups_.find(group_id);
  if (found == groups_.end() || found->second.members.empty()) {
    return generation < 0 && member_id.empty() ? ErrorCode::kNone : ErrorCode::kUnknownMemberId;
  }
  const Group& group = found->second;
  if (group.state == GroupState::kCompletingRebalance) return ErrorCode::kRebalanceInProgress;
  if (!group.members.contains(member_id)) return ErrorCode::kUnknownMemberId;
  if (generation != group.generation) return ErrorCode::kIllegalGeneration;
  return ErrorCode::kNone;
}

int64_t GroupCoordinator::Tick(int64_t now_ms) {
  int64_t next = 1000;
  for (auto& [group_id, group] : groups_) {
    std::vector<std::string> expired;
    for (const auto& [id, member] : group.members) {
      if (member.join) continue;  // waiting in a join keeps a member alive
      int64_t deadline = member.last_seen_ms + member.session_timeout_ms;
      if (now_ms > deadline) {
        expired.push_back(id);
      } else {
        next = std::min(next, deadline - now_ms + 1);
      }
    }
    for (const std::string& id : expired) {
      LogInfo("group {}: member {} session timed out", group_id, id);
      RemoveMember(group, id, now_ms);
    }
    if (group.state == GroupState::kPreparingRebalance) {
      if (now_ms >= group.rebalance_deadline_ms) {
        MaybeCompleteJoin(group, now_ms, true);
      } else {
        next = std::min(next, group.rebalance_deadline_ms - now_ms);
      }
    }
  }
  return next;
}

void GroupCoordinator::ForgetCallbacksOf(uint64_t connection_id) {
  for (auto& [group_id, group] : groups_) {
    for (auto& [id, member] : group.members) {
      if (member.join && member.join_connection == connection_id) member.join = nullptr;
      if (member.sync && member.sync_connection == connection_id) member.sync = nullptr;
    }
  }
}

const char* GroupStateName(GroupState state) {
  switch (state) {
    case GroupState::kEmpty:
      return "Empty";
    case GroupState::kPreparingRebalance:
      return "PreparingRebalance";
    case GroupState::kCompletingRebalance:
      return "CompletingRebalance";
    case GroupState::kStable:
      return "Stable";
  }
  return "Dead";
}

std::optional<GroupDescription> GroupCoordinator::Describe(const std::string& group_id) const {
  auto found = groups_.find(group_id);
  if (found == groups_.end()) return std::nullopt;
  const Group& group = found->second;
  GroupDescription description;
  description.state = group.state;
  description.protocol_type = group.protocol_type;
  description.protocol_name = group.protocol_name;
  for (const auto& [id, member] : group.members) {
    GroupDescription::Member m{id, member.client_id, member.client_host, "", member.assignment};
    for (const auto& [name, metadata] : member.protocols) {
      if (name == group.protocol_name) m.metadata = metadata;
    }
    description.members.push_back(std::move(m));
  }
  return description;
}

std::vector<std::pair<std::string, std::string>> GroupCoordinator::List() const {
  std::vector<std::pair<std::string, std::string>> groups;
  for (const auto& [id, group] : groups_) groups.emplace_back(id, group.protocol_type);
  return groups;
}

std::optional<GroupState> GroupCoordinator::StateOf(const std::string& group_id) const {
  auto found = groups_.find(group_id);
  if (found == groups_.end()) return std::nullopt;
  return found->second.state;
}

int32_t GroupCoordinator::GenerationOf(const std::string& group_id) const {
  auto found = groups_.find(group_id);
  return found == groups_.end() ? -1 : found->second.generation;
}

size_t GroupCoordinator::MemberCount(const std::string& group_id) const {
  auto found = groups_.find(group_id);
  return found == groups_.end() ? 0 : found->second.members.size();
}

}  // namespace sluice::log
