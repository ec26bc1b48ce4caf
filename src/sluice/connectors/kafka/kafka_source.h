// The kafka source: one split per partition of the topic, partition p read by subtask
// p % parallelism; rd_kafka_assign at the start offsets ('scan.startup.mode'), one librdkafka
// queue per partition so every batch comes from one split. With 'scan.bounded.mode' =
// 'latest-offset' each partition ends at its high watermark taken when the reader opens.
#pragma once

#include <memory>

#include "sluice/connectors/kafka/kafka_factory.h"

namespace sluice::connectors {

StatusOr<std::unique_ptr<TableSource>> MakeKafkaSource(KafkaConfig config);

}  // namespace sluice::connectors
