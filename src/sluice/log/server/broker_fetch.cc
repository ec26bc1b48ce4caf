// Fetch (with long-poll and read_committed) and ListOffsets.
#include <algorithm>

#include "sluice/common/clock.h"
#include "sluice/common/logging.h"
#include "sluice/log/server/broker.h"

namespace sluice::log {
namespace {

/// The offset after the last batch in `records` (whole batches).
int64_t EndOfBatches(std::string_view records, int64_t otherwise) {
  int64_t end = otherwise;
  while (records.size() >= kBatchHeaderSize) {
    auto header = ParseBatchHeader(records);
    if (!header.ok() || header->total_size() > records.size()) break;
    end = header->next_offset();
    records.remove_prefix(header->total_size());
  }
  return end;
}

}  // namespace

void Broker::HandleFetch(const RequestContext& context, ByteReader& reader) {
  int16_t version = context.header.api_version;
  FetchRequest request;
  reader.Int32();  // replica_id
  request.max_wait_ms = reader.Int32();
  request.min_bytes = reader.Int32();
  request.max_bytes = reader.Int32();
  request.isolation_level = reader.Int8();
  if (version >= 7) {
    reader.Int32();  // session_id: sessions are not kept, every fetch is a full one
    reader.Int32();  // session_epoch
  }
  int32_t topics = reader.ArrayLength();
  for (int32_t t = 0; t < topics && reader.ok(); ++t) {
    FetchTopic topic;
    topic.name = std::string(reader.String());
    int32_t partitions = reader.ArrayLength();
    for (int32_t p = 0; p < partitions && reader.ok(); ++p) {
      FetchPartition partition;
      partition.partition = reader.Int32();
      if (version >= 9) reader.Int32();  // current_leader_epoch
      partition.offset = reader.Int64();
      if (version >= 5) reader.Int64();  // log_start_offset (followers only)
      partition.max_bytes = reader.Int32();
      topic.partitions.push_back(partition);
    }
    request.topics.push_back(std::move(topic));
  }
  if (version >= 7) {
    int32_t forgotten = reader.ArrayLength();
    for (int32_t f = 0; f < forgotten && reader.ok(); ++f) {
      reader.String();
      int32_t n = reader.ArrayLength();
      for (int32_t i = 0; i < n; ++i) reader.Int32();
    }
  }
  if (version >= 11) reader.String();  // rack_id
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);

  int64_t bytes = BuildFetchResponse(request, version, &fetch_response_);
  if (bytes < 0 || bytes >= request.min_bytes || request.max_wait_ms <= 0) {
    return Respond(context, fetch_response_);
  }
  int64_t deadline_ms = NowMicros() / 1000 + request.max_wait_ms;
  parked_fetches_.push_back({context, std::move(request), deadline_ms});
}

int64_t Broker::BuildFetchResponse(const FetchRequest& request, int16_t version,
                                   std::string* body) {
  body->clear();
  ByteWriter w(body);
  w.Int32(0);  // throttle_time_ms
  if (version >= 7) {
    w.Int16(Code(ErrorCode::kNone));
    w.Int32(0);  // session_id
  }
  bool read_committed = request.isolation_level == 1;
  int64_t total = 0;
  bool failed = false;
  std::string& records = fetch_records_;
  w.Int32(static_cast<int32_t>(request.topics.size()));
  for (const FetchTopic& topic : request.topics) {
    w.String(topic.name);
    w.Int32(static_cast<int32_t>(topic.partitions.size()));
    for (const FetchPartition& partition : topic.partitions) {
      PartitionLog* log = logs_->FindPartition(topic.name, partition.partition);
      ErrorCode error = ErrorCode::kNone;
      int64_t high_watermark = -1;
      int64_t stable = -1;
      int64_t start = -1;
      records.clear();
      if (log == nullptr) {
        error = ErrorCode::kUnknownTopicOrPartition;
      } else {
        high_watermark = log->end_offset();
        stable = log->last_stable_offset();
        start = log->log_start_offset();
        if (partition.offset < start || partition.offset > high_watermark) {
          error = ErrorCode::kOffsetOutOfRange;
        } else {
          int64_t limit = read_committed ? stable : high_watermark;
          int64_t budget = std::max<int64_t>(
              0, std::min<int64_t>(partition.max_bytes, request.max_bytes - total));
          if (partition.offset < limit) {
            // The first partition with data gets at least one whole batch (KIP-74).
            Status read = log->Read(partition.offset, limit, static_cast<size_t>(budget),
                                    total == 0, &records);
            if (!read.ok()) {
              LogWarn("read of {}-{} failed: {}", topic.name, partition.partition,
                      std::string(read.message()));
              error = ErrorCode::kKafkaStorageError;
              records.clear();
            }
          }
        }
      }
      failed |= error != ErrorCode::kNone;
      total += static_cast<int64_t>(records.size());
      w.Int32(partition.partition);
      w.Int16(Code(error));
      w.Int64(high_watermark);
      w.Int64(stable);
      if (version >= 5) w.Int64(start);
      if (!read_committed || log == nullptr) {
        w.Int32(-1);  // aborted_transactions: null
      } else {
        int64_t end = EndOfBatches(records, partition.offset);
        std::vector<AbortedTransaction> aborted = log->AbortedTransactions(partition.offset, end);
        w.Int32(static_cast<int32_t>(aborted.size()));
        for (const AbortedTransaction& a : aborted) {
          w.Int64(a.producer_id);
          w.Int64(a.first_offset);
        }
      }
      if (version >= 11) w.Int32(-1);  // preferred_read_replica
      w.Bytes(records);
    }
  }
  return failed ? -1 : total;
}

void Broker::AnswerParkedFetches(int64_t now_ms) {
  if (parked_fetches_.empty()) {
    appended_ = false;
    return;
  }
  bool appended = appended_;
  appended_ = false;
  std::erase_if(parked_fetches_, [&](ParkedFetch& fetch) {
    bool expired = now_ms >= fetch.deadline_ms;
    if (!appended && !expired) return false;
    int64_t bytes =
        BuildFetchResponse(fetch.request, fetch.context.header.api_version, &fetch_response_);
    if (!expired && bytes >= 0 && bytes < fetch.request.min_bytes) return false;
    Respond(fetch.context, fetch_response_);
    return true;
  });
}

void Broker::HandleListOffsets(const RequestContext& context, ByteReader& reader) {
  int16_t version = context.header.api_version;
  reader.Int32();  // replica_id
  bool read_committed = version >= 2 && reader.Int8() == 1;
  std::string body;
  ByteWriter w(&body);
  if (version >= 2) w.Int32(0);
  ForEachPartition(reader, w, [&](const std::string& name) {
    int32_t index = reader.Int32();
    if (version >= 4) reader.Int32();  // current_leader_epoch
    int64_t timestamp = reader.Int64();
    PartitionLog* log = logs_->FindPartition(name, index);
    ErrorCode error = ErrorCode::kNone;
    int64_t offset = -1;
    int64_t found_timestamp = -1;
    if (log == nullptr) {
      error = ErrorCode::kUnknownTopicOrPartition;
    } else if (timestamp == -1) {  // latest
      offset = read_committed ? log->last_stable_offset() : log->end_offset();
    } else if (timestamp == -2) {  // earliest
      offset = log->log_start_offset();
    } else {
      auto found = log->OffsetForTimestamp(timestamp);
      if (!found.ok()) {
        error = ErrorCode::kKafkaStorageError;
      } else {
        offset = found->offset;
        found_timestamp = found->timestamp;
      }
    }
    w.Int32(index);
    w.Int16(Code(error));
    w.Int64(found_timestamp);
    w.Int64(offset);
    if (version >= 4) w.Int32(-1);  // leader_epoch
  });
  if (!reader.ok()) return RespondError(context, ErrorCode::kInvalidRequest);
  Respond(context, body);
}

}  // namespace sluice::log
