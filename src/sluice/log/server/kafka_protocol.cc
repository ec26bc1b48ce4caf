#include "sluice/log/server/kafka_protocol.h"

namespace sluice::log {

const std::vector<ApiVersionRange>& SupportedApis() {
  // The highest non-flexible version of each API that the broker implements completely.
  static const std::vector<ApiVersionRange> apis = {
      {ApiKey::kProduce, 3, 7},         {ApiKey::kFetch, 4, 11},
      {ApiKey::kListOffsets, 1, 5},     {ApiKey::kMetadata, 0, 4},
      {ApiKey::kOffsetCommit, 2, 7},    {ApiKey::kOffsetFetch, 1, 5},
      {ApiKey::kFindCoordinator, 0, 2}, {ApiKey::kJoinGroup, 0, 5},
      {ApiKey::kHeartbeat, 0, 3},       {ApiKey::kLeaveGroup, 0, 2},
      {ApiKey::kSyncGroup, 0, 3},       {ApiKey::kApiVersions, 0, 2},
      {ApiKey::kCreateTopics, 0, 4},    {ApiKey::kDeleteTopics, 0, 3},
      {ApiKey::kInitProducerId, 0, 1},  {ApiKey::kAddPartitionsToTxn, 0, 1},
      {ApiKey::kAddOffsetsToTxn, 0, 1}, {ApiKey::kEndTxn, 0, 1},
      {ApiKey::kTxnOffsetCommit, 0, 2}, {ApiKey::kDescribeConfigs, 0, 2},
      {ApiKey::kDescribeGroups, 0, 4},  {ApiKey::kListGroups, 0, 2},
  };
  return apis;
}

void WriteSupportedApis(ByteWriter& writer) {
  writer.Int32(static_cast<int32_t>(SupportedApis().size()));
  for (const ApiVersionRange& api : SupportedApis()) {
    writer.Int16(static_cast<int16_t>(api.key));
    writer.Int16(api.min);
    writer.Int16(api.max);
  }
}

std::optional<ApiVersionRange> FindApi(int16_t key) {
  for (const ApiVersionRange& range : SupportedApis()) {
    if (static_cast<int16_t>(range.key) == key) return range;
  }
  return std::nullopt;
}

bool ParseRequestHeader(ByteReader& reader, RequestHeader* header) {
  header->api_key = reader.Int16();
  header->api_version = reader.Int16();
  header->correlation_id = reader.Int32();
  auto client_id = reader.NullableString();
  if (client_id) header->client_id = std::string(*client_id);
  return reader.ok();
}

}  // namespace sluice::log
