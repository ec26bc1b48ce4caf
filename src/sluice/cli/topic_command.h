// `sluice topic create|list|describe|produce|consume|delete`: a Kafka client (librdkafka) for
// the embedded broker, or any Kafka cluster.
#pragma once

#include <atomic>

namespace sluice::cli {

/// argv[1] is "topic". Returns the process exit code.
int TopicCommand(int argc, char** argv, const std::atomic<bool>& stop);

}  // namespace sluice::cli
