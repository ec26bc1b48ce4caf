// JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch, DescribeGroups and
// ListGroups.
#include <limits>
#include <map>

#include "sluice/common/clock.h"
#include "sluice/common/logging.h"
#include "sluice/log/server/broker.h"

namespace sluice::log {
namespace {

int64_t NowMillis() { return NowMicros() / 1000; }

}  // namespace

void Broker::HandleJoinGroup(const RequestContext& context, ByteReader& reader) {
  int16_t version = context.header.api_version;
  JoinRequest request;
  request.group_id = std::string(reader.String());
  request.session_timeout_ms = reader.Int32();
  request.rebalance_timeout_ms = version >= 1 ? reader.Int32() : request.session_timeout_ms;
  request.member_id = std::string(reader.String());
  if (version >= 5) reader.NullableString();  // group_instance_id: static members join as dynamic
  request.protocol_type = std::string(reader.String());
  int32_t protocols = reader.ArrayLength();
  for (int32_t i = 0; i < protocols && reader.ok(); ++i) {
    std::string name(reader.String());
    request.protocols.emplace_back(name, std::string(reader.Bytes()));
  }
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);
  request.client_id = context.header.client_id;
  request.client_host = context.client_host;
  groups_.Join(request, NowMillis(), [this, context, version](const JoinResult& result) {
    std::string body;
    ByteWriter w(&body);
    if (version >= 2) w.Int32(0);
    w.Int16(Code(result.error));
    w.Int32(result.generation);
    w.String(result.protocol_name);
    w.String(result.leader);
    w.String(result.member_id);
    w.Int32(static_cast<int32_t>(result.members.size()));
    for (const auto& [id, metadata] : result.members) {
      w.String(id);
      if (version >= 5) w.NullableString(std::nullopt);
      w.Bytes(metadata);
    }
    Respond(context, body);
  });
}

void Broker::HandleSyncGroup(const RequestContext& context, ByteReader& reader) {
  int16_t version = context.header.api_version;
  std::string group_id(reader.String());
  int32_t generation = reader.Int32();
  std::string member_id(reader.String());
  if (version >= 3) reader.NullableString();
  std::vector<std::pair<std::string, std::string>> assignments;
  int32_t count = reader.ArrayLength();
  for (int32_t i = 0; i < count && reader.ok(); ++i) {
    std::string id(reader.String());
    assignments.emplace_back(id, std::string(reader.Bytes()));
  }
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);
  groups_.Sync(group_id, generation, member_id, assignments, NowMillis(),
               [this, context, version](const SyncResult& result) {
                 std::string body;
                 ByteWriter w(&body);
                 if (version >= 1) w.Int32(0);
                 w.Int16(Code(result.error));
                 w.Bytes(result.assignment);
                 Respond(context, body);
               });
}

void Broker::HandleHeartbeat(const RequestContext& context, ByteReader& reader) {
  int16_t version = context.header.api_version;
  std::string group_id(reader.String());
  int32_t generation = reader.Int32();
  std::string member_id(reader.String());
  if (version >= 3) reader.NullableString();
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);
  ErrorCode error = groups_.Heartbeat(group_id, generation, member_id, NowMillis());
  std::string body;
  ByteWriter w(&body);
  if (version >= 1) w.Int32(0);
  w.Int16(Code(error));
  Respond(context, body);
}

void Broker::HandleLeaveGroup(const RequestContext& context, ByteReader& reader) {
  int16_t version = context.header.api_version;
  std::string group_id(reader.String());
  std::string member_id(reader.String());
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);
  ErrorCode error = groups_.Leave(group_id, member_id, NowMillis());
  std::string body;
  ByteWriter w(&body);
  if (version >= 1) w.Int32(0);
  w.Int16(Code(error));
  Respond(context, body);
}

void Broker::HandleOffsetCommit(const RequestContext& context, ByteReader& reader) {
  int16_t version = context.header.api_version;
  std::string group_id(reader.String());
  int32_t generation = reader.Int32();
  std::string member_id(reader.String());
  if (version <= 4) reader.Int64();  // retention_time_ms
  if (version >= 7) reader.NullableString();
  ErrorCode group_error = group_id.empty() ? ErrorCode::kInvalidGroupId
                                           : groups_.CheckCommit(group_id, generation, member_id);
  struct Item {
    std::string topic;
    int32_t partition;
    ErrorCode error;
  };
  std::vector<Item> items;
  std::vector<std::pair<OffsetStore::PartitionKey, CommittedOffset>> commits;
  int32_t topics = reader.ArrayLength();
  for (int32_t t = 0; t < topics && reader.ok(); ++t) {
    std::string name(reader.String());
    int32_t partitions = reader.ArrayLength();
    for (int32_t p = 0; p < partitions && reader.ok(); ++p) {
      int32_t index = reader.Int32();
      CommittedOffset committed;
      committed.offset = reader.Int64();
      if (version >= 6) reader.Int32();  // committed_leader_epoch
      auto metadata = reader.NullableString();
      if (metadata) committed.metadata = std::string(*metadata);
      ErrorCode error = group_error;
      if (error == ErrorCode::kNone && logs_->FindPartition(name, index) == nullptr) {
        error = ErrorCode::kUnknownTopicOrPartition;
      }
      if (error == ErrorCode::kNone) commits.push_back({{name, index}, committed});
      items.push_back({name, index, error});
    }
  }
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);
  if (!commits.empty()) {
    Status stored = offsets_->Commit(group_id, commits);
    if (!stored.ok()) {
      LogWarn("storing offsets of group '{}': {}", group_id, std::string(stored.message()));
      for (Item& item : items) {
        if (item.error == ErrorCode::kNone) item.error = ErrorCode::kUnknownServerError;
      }
    }
  }
  std::string body;
  ByteWriter w(&body);
  if (version >= 3) w.Int32(0);
  // One entry per topic, in request order (items are grouped by topic already).
  std::vector<std::pair<std::string, std::vector<const Item*>>> grouped;
  for (const Item& item : items) {
    if (grouped.empty() || grouped.back().first != item.topic) grouped.push_back({item.topic, {}});
    grouped.back().second.push_back(&item);
  }
  w.Int32(static_cast<int32_t>(grouped.size()));
  for (const auto& [topic, list] : grouped) {
    w.String(topic);
    w.Int32(static_cast<int32_t>(list.size()));
    for (const Item* item : list) {
      w.Int32(item->partition);
      w.Int16(Code(item->error));
    }
  }
  Respond(context, body);
}

void Broker::HandleOffsetFetch(const RequestContext& context, ByteReader& reader) {
  int16_t version = context.header.api_version;
  std::string group_id(reader.String());
  std::vector<std::pair<std::string, std::vector<int32_t>>> requested;
  int32_t topics = reader.Int32();
  bool all = topics < 0;
  for (int32_t t = 0; t < topics && reader.ok(); ++t) {
    std::string name(reader.String());
    std::vector<int32_t> partitions;
    int32_t count = reader.ArrayLength();
    for (int32_t p = 0; p < count && reader.ok(); ++p) partitions.push_back(reader.Int32());
    requested.emplace_back(name, std::move(partitions));
  }
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);
  if (all) {
    for (const auto& [key, committed] : offsets_->AllOf(group_id)) {
      if (requested.empty() || requested.back().first != key.first) {
        requested.push_back({key.first, {}});
      }
      requested.back().second.push_back(key.second);
    }
  }
  std::string body;
  ByteWriter w(&body);
  if (version >= 3) w.Int32(0);
  w.Int32(static_cast<int32_t>(requested.size()));
  for (const auto& [topic, partitions] : requested) {
    w.String(topic);
    w.Int32(static_cast<int32_t>(partitions.size()));
    for (int32_t partition : partitions) {
      auto committed = offsets_->Find(group_id, topic, partition);
      w.Int32(partition);
      w.Int64(committed ? committed->offset : -1);
      if (version >= 5) w.Int32(-1);  // committed_leader_epoch
      w.NullableString(committed ? std::optional<std::string_view>(committed->metadata)
                                 : std::optional<std::string_view>(""));
      w.Int16(Code(ErrorCode::kNone));
    }
  }
  if (version >= 2) w.Int16(Code(ErrorCode::kNone));
  Respond(context, body);
}

void Broker::HandleDescribeGroups(const RequestContext& context, ByteReader& reader) {
  int16_t version = context.header.api_version;
  std::vector<std::string> ids;
  int32_t count = reader.ArrayLength();
  for (int32_t i = 0; i < count && reader.ok(); ++i) ids.emplace_back(reader.String());
  if (version >= 3) reader.Bool();  // include_authorized_operations
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);
  std::string body;
  ByteWriter w(&body);
  if (version >= 1) w.Int32(0);
  w.Int32(static_cast<int32_t>(ids.size()));
  for (const std::string& id : ids) {
    auto group = groups_.Describe(id);
    bool has_offsets = !offsets_->AllOf(id).empty();
    w.Int16(Code(ErrorCode::kNone));
    w.String(id);
    // A group known only by its committed offsets is Empty; an unknown one is Dead.
    w.String(group ? GroupStateName(group->state) : has_offsets ? "Empty" : "Dead");
    w.String(group ? group->protocol_type : "");
    w.String(group ? group->protocol_name : "");
    w.Int32(group ? static_cast<int32_t>(group->members.size()) : 0);
    if (group) {
      for (const GroupDescription::Member& member : group->members) {
        w.String(member.id);
        if (version >= 4) w.NullableString(std::nullopt);
        w.String(member.client_id);
        w.String(member.client_host);
        w.Bytes(member.metadata);
        w.Bytes(member.assignment);
      }
    }
    if (version >= 3) w.Int32(std::numeric_limits<int32_t>::min());  // operations not computed
  }
  Respond(context, body);
}

void Broker::HandleListGroups(const RequestContext& context, ByteReader& reader) {
  int16_t version = context.header.api_version;
  std::map<std::string, std::string> all;  // group id -> protocol type
  for (const std::string& id : offsets_->GroupIds()) all[id] = "consumer";
  for (const auto& [id, protocol_type] : groups_.List()) {
    if (!protocol_type.empty() || !all.contains(id)) all[id] = protocol_type;
  }
  std::string body;
  ByteWriter w(&body);
  if (version >= 1) w.Int32(0);
  w.Int16(Code(ErrorCode::kNone));
  w.Int32(static_cast<int32_t>(all.size()));
  for (const auto& [id, protocol_type] : all) {
    w.String(id);
    w.String(protocol_type);
  }
  Respond(context, body);
}

}  // namespace sluice::log
