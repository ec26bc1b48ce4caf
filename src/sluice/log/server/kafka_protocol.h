// Kafka protocol constants: API keys, the versions Sluice's broker serves, error codes, and the
// request header. Only non-flexible versions are served (no tagged fields), so every response
// uses response header v0 (the correlation id alone).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sluice/log/byte_reader.h"
#include "sluice/log/byte_writer.h"

namespace sluice::log {

enum class ApiKey : int16_t {
  kProduce = 0,
  kFetch = 1,
  kListOffsets = 2,
  kMetadata = 3,
  kOffsetCommit = 8,
  kOffsetFetch = 9,
  kFindCoordinator = 10,
  kJoinGroup = 11,
  kHeartbeat = 12,
  kLeaveGroup = 13,
  kSyncGroup = 14,
  kDescribeGroups = 15,
  kListGroups = 16,
  kApiVersions = 18,
  kCreateTopics = 19,
  kDeleteTopics = 20,
  kInitProducerId = 22,
  kAddPartitionsToTxn = 24,
  kAddOffsetsToTxn = 25,
  kEndTxn = 26,
  kTxnOffsetCommit = 28,
  kDescribeConfigs = 32,
};

struct ApiVersionRange {
  ApiKey key;
  int16_t min;
  int16_t max;
};

/// Every API the broker serves with its version range (what ApiVersions advertises).
const std::vector<ApiVersionRange>& SupportedApis();
/// Writes the api_keys array of an ApiVersions response (key, min, max per API).
void WriteSupportedApis(ByteWriter& writer);
/// The range for `key`, or nullopt when the API is not served.
std::optional<ApiVersionRange> FindApi(int16_t key);

/// Kafka error codes used by the broker (org.apache.kafka.common.protocol.Errors).
enum class ErrorCode : int16_t {
  kUnknownServerError = -1,
  kNone = 0,
  kOffsetOutOfRange = 1,
  kCorruptMessage = 2,
  kUnknownTopicOrPartition = 3,
  kMessageTooLarge = 10,
  kCoordinatorNotAvailable = 15,
  kNotCoordinator = 16,
  kInvalidTopic = 17,
  kInvalidRequiredAcks = 21,
  kIllegalGeneration = 22,
  kInconsistentGroupProtocol = 23,
  kInvalidGroupId = 24,
  kUnknownMemberId = 25,
  kInvalidSessionTimeout = 26,
  kRebalanceInProgress = 27,
  kUnsupportedVersion = 35,
  kTopicAlreadyExists = 36,
  kInvalidPartitions = 37,
  kInvalidReplicationFactor = 38,
  kInvalidReplicaAssignment = 39,
  kInvalidConfig = 40,
  kInvalidRequest = 42,
  kOutOfOrderSequenceNumber = 45,
  kInvalidProducerEpoch = 47,
  kInvalidTxnState = 48,
  kInvalidProducerIdMapping = 49,
  kInvalidTransactionTimeout = 50,
  kConcurrentTransactions = 51,
  kKafkaStorageError = 56,
  kUnknownProducerId = 59,
};

inline int16_t Code(ErrorCode error) { return static_cast<int16_t>(error); }

/// Request header v1 (v2 is only used by flexible versions, which are not served).
struct RequestHeader {
  int16_t api_key = 0;
  int16_t api_version = 0;
  int32_t correlation_id = 0;
  std::string client_id;
};

/// Parses the header at the start of a request frame; the reader is left at the body.
bool ParseRequestHeader(ByteReader& reader, RequestHeader* header);

}  // namespace sluice::log
