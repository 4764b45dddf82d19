// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "systemd_notify.hpp"

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>

#ifndef _WIN32
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#endif

#include <fmt/format.h>

namespace soss::apps {

#ifdef _WIN32

Status notify_service_manager(const std::string&, std::string_view) { return Status::ok(); }

#else

namespace {

// Fills `addr` for `path`; '@' at the start means the Linux abstract namespace (a leading NUL
// byte, and the length counts only the bytes used). Returns the address length, 0 if too long.
socklen_t unix_address(const std::string& path, sockaddr_un& addr) {
  std::memset(&addr, 0, sizeof(addr));
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof(addr.sun_path)) {
    return 0;
  }
  std::memcpy(addr.sun_path, path.data(), path.size());
  if (path.front() == '@') {
    addr.sun_path[0] = '\0';
  }
  return static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() +
                                (path.front() == '@' ? 0 : 1));
}

}  // namespace

Status notify_service_manager(const std::string& socket_path, std::string_view state) {
  if (socket_path.empty()) {
    return Status::ok();
  }
  sockaddr_un addr;
  socklen_t len = unix_address(socket_path, addr);
  if (len == 0) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("NOTIFY_SOCKET '{}' is too long", socket_path));
  }
  int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return Status(StatusCode::kUnavailable, fmt::format("notify socket: {}", std::strerror(errno)));
  }
  // reinterpret_cast: the sockets API takes every address family through sockaddr*.
  ssize_t sent = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                          reinterpret_cast<const sockaddr*>(&addr), len);
  int err = errno;
  ::close(fd);
  if (sent < 0 || static_cast<std::size_t>(sent) != state.size()) {
    return Status(
        StatusCode::kUnavailable,
        fmt::format("notify {}: {}", socket_path, sent < 0 ? std::strerror(err) : "short write"));
  }
  return Status::ok();
}

#endif

Status notify_systemd(std::string_view state) {
  const char* socket_path = std::getenv("NOTIFY_SOCKET");
  if (socket_path == nullptr || *socket_path == '\0') {
    return Status::ok();
  }
  return notify_service_manager(socket_path, state);
}

}  // namespace soss::apps
