// The broker's network side: a non-blocking TCP listener and one epoll loop thread that frames
// Kafka requests and responses. A connection has at most one request in handling at a time
// (as in Kafka), so responses leave in request order even when one is parked (long-poll fetch,
// acks=all, group joins); the next request waits in the input buffer until then.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/log/server/kafka_protocol.h"

namespace sluice::log {

struct RequestContext {
  uint64_t connection_id = 0;
  RequestHeader header;
  std::string client_host;
};

/// Sends responses; implemented by KafkaServer. Every request gets exactly one Respond or Skip.
class Responder {
 public:
  virtual ~Responder() = default;
  virtual void Respond(const RequestContext& context, std::string_view body) = 0;
  /// Ends a request that has no response (Produce with acks=0).
  virtual void Skip(const RequestContext& context) = 0;
};

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  /// `body` is only valid during the call.
  virtual void HandleRequest(const RequestContext& context, std::string_view body) = 0;
  /// Timed work (long-poll deadlines, flushes, session timeouts); returns the milliseconds
  /// until it wants to run again.
  virtual int64_t Tick(int64_t now_ms) = 0;
  virtual void ConnectionClosed(uint64_t connection_id) = 0;
};

class KafkaServer : public Responder {
 public:
  explicit KafkaServer(RequestHandler* handler) : handler_(handler) {}
  ~KafkaServer() override;

  /// Binds and listens; port 0 picks a free port (see port()).
  Status Listen(const std::string& host, int port);
  int port() const { return port_; }
  /// Serves until `stop` becomes true (checked at least every 100 ms).
  Status Run(const std::atomic<bool>& stop);

  void Respond(const RequestContext& context, std::string_view body) override;
  void Skip(const RequestContext& context) override;

 private:
  struct Connection {
    uint64_t id = 0;
    int fd = -1;
    std::string client_host;
    std::string input;
    size_t input_start = 0;
    std::string output;
    size_t output_start = 0;
    bool busy = false;
    bool closing = false;
    uint32_t interest = 0;  // the epoll events registered for the socket
  };

  void Accept();
  void ReadFrom(Connection& connection);
  static bool HasCompleteFrame(const Connection& connection);
  void ProcessInput(Connection& connection);
  void WriteTo(Connection& connection);
  void Finished(Connection& connection);
  /// Registers EPOLLIN unless a request is in handling (TCP back-pressure: like Kafka, the
  /// socket is not read while its request is parked) and EPOLLOUT while output is pending.
  void UpdateInterest(Connection& connection);
  void CloseMarked();
  Connection* Find(uint64_t id);

  RequestHandler* handler_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int port_ = 0;
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, std::unique_ptr<Connection>> connections_;
  std::vector<uint64_t> resume_;  // connections whose next request may now be handled
};

}  // namespace sluice::log
