#include "sluice/cli/broker_command.h"

#include <cstdio>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "sluice/log/server/broker.h"
#include "sluice/log/server/kafka_server.h"

namespace sluice::cli {
namespace {

constexpr const char* kBrokerUsage =
    "usage: sluice broker --data-dir DIR [--port 9092] [--host 127.0.0.1] "
    "[--advertised-host HOST] [--auto-create-topics] [--partitions N]";

int Fail(const std::string& message) {
  std::fprintf(stderr, "[ERROR] %s\n", message.c_str());
  return 1;
}

}  // namespace

int BrokerCommand(int argc, char** argv, const std::atomic<bool>& stop) {
  log::BrokerOptions options;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    std::string v;
    if (arg == "--data-dir" && value(&v)) {
      options.data_dir = v;
    } else if (arg == "--port" && value(&v)) {
      if (!absl::SimpleAtoi(v, &options.port) || options.port < 0 || options.port > 65535) {
        return Fail(absl::StrCat("invalid --port '", v, "'"));
      }
    } else if (arg == "--host" && value(&v)) {
      options.host = v;
    } else if (arg == "--advertised-host" && value(&v)) {
      options.advertised_host = v;
    } else if (arg == "--partitions" && value(&v)) {
      if (!absl::SimpleAtoi(v, &options.default_partitions) || options.default_partitions < 1) {
        return Fail(absl::StrCat("invalid --partitions '", v, "'"));
      }
    } else if (arg == "--auto-create-topics") {
      options.auto_create_topics = true;
    } else if (arg == "--help" || arg == "-h") {
      std::printf("%s\n", kBrokerUsage);
      return 0;
    } else {
      return Fail(absl::StrCat("unknown or incomplete option '", arg, "'; ", kBrokerUsage));
    }
  }
  if (options.data_dir.empty()) return Fail(absl::StrCat("--data-dir is required; ", kBrokerUsage));
  auto broker = log::Broker::Open(options);
  if (!broker.ok()) return Fail(std::string(broker.status().message()));
  log::KafkaServer server(broker->get());
  Status listening = server.Listen(options.host, options.port);
  if (!listening.ok()) return Fail(std::string(listening.message()));
  (*broker)->Attach(&server, server.port());
  std::printf("sluice broker listening on %s:%d, data in %s\n", options.host.c_str(), server.port(),
              options.data_dir.c_str());
  std::fflush(stdout);
  Status served = server.Run(stop);
  if (!served.ok()) return Fail(std::string(served.message()));
  Status closed = (*broker)->logs().Close();
  if (!closed.ok()) return Fail(std::string(closed.message()));
  std::printf("sluice broker stopped\n");
  return 0;
}

}  // namespace sluice::cli
