// `sluice broker`: runs the embedded log's Kafka protocol server.
#pragma once

#include <atomic>

namespace sluice::cli {

/// argv[1] is "broker". Serves until `stop` becomes true; returns the process exit code.
int BrokerCommand(int argc, char** argv, const std::atomic<bool>& stop);

}  // namespace sluice::cli
