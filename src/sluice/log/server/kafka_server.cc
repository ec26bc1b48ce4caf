#include "sluice/log/server/kafka_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "sluice/common/clock.h"
#include "sluice/common/logging.h"
#include "sluice/log/byte_writer.h"

namespace sluice::log {
namespace {

constexpr uint64_t kListenerId = 0;
constexpr int32_t kMaxRequestBytes = 100 * 1024 * 1024;  // socket.request.max.bytes

void SetNonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL, 0) | O_NONBLOCK); }

}  // namespace

KafkaServer::~KafkaServer() {
  for (auto& [id, connection] : connections_) ::close(connection->fd);
  if (listen_fd_ >= 0) ::close(listen_fd_);
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
}

Status KafkaServer::Listen(const std::string& host, int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    return absl::InvalidArgumentError(absl::StrCat("invalid listen address '", host, "'"));
  }
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::listen(listen_fd_, 128) != 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", host, ":", port, ": ", std::strerror(errno)));
  }
  socklen_t length = sizeof(address);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  SetNonBlocking(listen_fd_);
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = kListenerId;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &event);
  return Status();
}

Status KafkaServer::Run(const std::atomic<bool>& stop) {
  epoll_event events[64];
  while (!stop.load()) {
    int64_t wait = handler_->Tick(NowMicros() / 1000);
    while (!resume_.empty()) {
      std::vector<uint64_t> ids;
      ids.swap(resume_);
      for (uint64_t id : ids) {
        if (Connection* connection = Find(id)) ReadFrom(*connection);
      }
      wait = 0;  // handled requests may have appended data that parked fetches wait for
    }
    CloseMarked();
    int timeout = static_cast<int>(std::clamp<int64_t>(wait, 0, 100));
    int n = ::epoll_wait(epoll_fd_, events, 64, timeout);
    if (n < 0 && errno != EINTR) {
      return absl::InternalError(absl::StrCat("epoll_wait: ", std::strerror(errno)));
    }
    for (int i = 0; i < n; ++i) {
      uint64_t id = events[i].data.u64;
      if (id == kListenerId) {
        Accept();
        continue;
      }
      Connection* connection = Find(id);
      if (connection == nullptr) continue;
      if (events[i].events & EPOLLOUT) WriteTo(*connection);
      if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) ReadFrom(*connection);
    }
    CloseMarked();
  }
  return Status();
}

KafkaServer::Connection* KafkaServer::Find(uint64_t id) {
  auto it = connections_.find(id);
  return it == connections_.end() || it->second->closing ? nullptr : it->second.get();
}

void KafkaServer::Accept() {
  while (true) {
    sockaddr_in peer{};
    socklen_t length = sizeof(peer);
    int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &length,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    auto connection = std::make_unique<Connection>();
    connection->id = ++next_id_;
    connection->fd = fd;
    char host[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &peer.sin_addr, host, sizeof(host));
    connection->client_host = std::string("/") + host;
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = connection->id;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
    connection->interest = EPOLLIN;
    connections_[connection->id] = std::move(connection);
  }
}

bool KafkaServer::HasCompleteFrame(const Connection& connection) {
  size_t available = connection.input.size() - connection.input_start;
  if (available < 4) return false;
  int32_t size = ReadBigEndian32(connection.input.data() + connection.input_start);
  // An invalid size counts as complete: ProcessInput then closes the connection.
  return size < 0 || size > kMaxRequestBytes || available >= 4 + static_cast<size_t>(size);
}

void KafkaServer::ReadFrom(Connection& connection) {
  // Reads only until a whole request is buffered, like Kafka: while that request is handled
  // (or parked) the socket is left alone, so a client's pipelined requests wait in its own
  // send buffer instead of piling up here.
  char buffer[65536];
  bool drained = false;
  while (!connection.closing && !connection.busy && !drained) {
    while (!HasCompleteFrame(connection)) {
      ssize_t n = ::read(connection.fd, buffer, sizeof(buffer));
      if (n > 0) {
        connection.input.append(buffer, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        drained = true;
        break;
      }
      connection.closing = true;  // end of stream or error
      return;
    }
    ProcessInput(connection);
  }
}

void KafkaServer::ProcessInput(Connection& connection) {
  while (!connection.busy && !connection.closing) {
    size_t available = connection.input.size() - connection.input_start;
    if (available < 4) break;
    int32_t size = ReadBigEndian32(connection.input.data() + connection.input_start);
    if (size < 0 || size > kMaxRequestBytes) {
      LogWarn("closing connection from {}: request size {}", connection.client_host, size);
      connection.closing = true;
      return;
    }
    if (available < 4 + static_cast<size_t>(size)) break;
    std::string_view frame(connection.input.data() + connection.input_start + 4,
                           static_cast<size_t>(size));
    ByteReader reader(frame);
    RequestContext context;
    context.connection_id = connection.id;
    context.client_host = connection.client_host;
    if (!ParseRequestHeader(reader, &context.header)) {
      LogWarn("closing connection from {}: malformed request header", connection.client_host);
      connection.closing = true;
      return;
    }
    connection.busy = true;
    handler_->HandleRequest(context, reader.rest());
    connection.input_start += 4 + static_cast<size_t>(size);
  }
  if (connection.busy) UpdateInterest(connection);
  if (connection.input_start > 0 && connection.input_start == connection.input.size()) {
    connection.input.clear();
    connection.input_start = 0;
  } else if (connection.input_start > (1 << 20) &&
             connection.input_start * 2 >= connection.input.size()) {
    // Compacting only once half the buffer is consumed keeps the copying linear when a
    // client has queued many requests behind a parked one.
    connection.input.erase(0, connection.input_start);
    connection.input_start = 0;
  }
}

void KafkaServer::Respond(const RequestContext& context, std::string_view body) {
  Connection* connection = Find(context.connection_id);
  if (connection == nullptr) return;
  char header[8];
  WriteBigEndian32(header, static_cast<int32_t>(4 + body.size()));
  WriteBigEndian32(header + 4, context.header.correlation_id);
  size_t sent = 0;
  if (connection->output_start == connection->output.size()) {
    // Nothing queued: send straight from `body`, and keep only what the socket did not take.
    iovec parts[2] = {{header, sizeof(header)}, {const_cast<char*>(body.data()), body.size()}};
    msghdr message{};
    message.msg_iov = parts;
    message.msg_iovlen = 2;
    ssize_t n = ::sendmsg(connection->fd, &message, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      connection->closing = true;
      return;
    }
    sent = n > 0 ? static_cast<size_t>(n) : 0;
  }
  if (sent < sizeof(header)) connection->output.append(header + sent, sizeof(header) - sent);
  size_t body_sent = sent > sizeof(header) ? sent - sizeof(header) : 0;
  connection->output.append(body.data() + body_sent, body.size() - body_sent);
  WriteTo(*connection);
  Finished(*connection);
}

void KafkaServer::Skip(const RequestContext& context) {
  if (Connection* connection = Find(context.connection_id)) Finished(*connection);
}

void KafkaServer::Finished(Connection& connection) {
  connection.busy = false;
  UpdateInterest(connection);
  resume_.push_back(connection.id);
}

void KafkaServer::UpdateInterest(Connection& connection) {
  uint32_t wanted =
      (connection.busy ? 0u : static_cast<uint32_t>(EPOLLIN)) |
      (connection.output_start < connection.output.size() ? static_cast<uint32_t>(EPOLLOUT) : 0u);
  if (wanted == connection.interest || connection.closing) return;
  epoll_event event{};
  event.events = wanted;
  event.data.u64 = connection.id;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, connection.fd, &event);
  connection.interest = wanted;
}

void KafkaServer::WriteTo(Connection& connection) {
  while (connection.output_start < connection.output.size()) {
    ssize_t n = ::send(connection.fd, connection.output.data() + connection.output_start,
                       connection.output.size() - connection.output_start, MSG_NOSIGNAL);
    if (n > 0) {
      connection.output_start += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      UpdateInterest(connection);
      return;
    }
    connection.closing = true;
    return;
  }
  connection.output.clear();
  connection.output_start = 0;
  UpdateInterest(connection);
}

void KafkaServer::CloseMarked() {
  for (auto it = connections_.begin(); it != connections_.end();) {
    if (!it->second->closing) {
      ++it;
      continue;
    }
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, it->second->fd, nullptr);
    ::close(it->second->fd);
    uint64_t id = it->first;
    it = connections_.erase(it);
    handler_->ConnectionClosed(id);
  }
}

}  // namespace sluice::log
