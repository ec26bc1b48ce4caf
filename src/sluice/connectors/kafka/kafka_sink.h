// The kafka sink: every +I row becomes one record (value, and key when 'key.format' is set)
// produced with librdkafka. 'at-least-once' flushes at every checkpoint and at the end of input
// and fails on any undelivered record; 'none' flushes only at the end of input.
#pragma once

#include <memory>

#include "sluice/connectors/kafka/kafka_factory.h"

namespace sluice::connectors {

StatusOr<std::unique_ptr<TableSink>> MakeKafkaSink(KafkaConfig config);

}  // namespace sluice::connectors
