// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// A stand-in for systemd's notification socket, for tests of the sd_notify protocol (POSIX).
#pragma once

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace soss::test {

// A unix datagram socket bound like systemd's notify socket (a path in a fresh temp folder, or an
// abstract name), which reads one datagram with a timeout. Closes and unlinks on destruction.
class NotifySocket {
 public:
  explicit NotifySocket(bool abstract = false) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
      throw std::runtime_error("notify socket: cannot create");
    }
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::string id = std::to_string(::getpid()) + "-" + std::to_string(next_id_++);
    if (abstract) {
      name_ = "@soss-notify-test-" + id;
    } else {
      dir_ = std::filesystem::temp_directory_path() / ("soss-notify-" + id);
      std::filesystem::create_directories(dir_);
      name_ = (dir_ / "notify").string();
    }
    if (name_.size() >= sizeof(addr.sun_path)) {
      throw std::runtime_error("notify socket: name too long");
    }
    std::memcpy(addr.sun_path, name_.data(), name_.size());
    socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name_.size());
    if (abstract) {
      addr.sun_path[0] = '\0';
    } else {
      len = static_cast<socklen_t>(len + 1);
    }
    if (::bind(fd_, reinterpret_cast<const sockaddr*>(&addr), len) != 0) {
      throw std::runtime_error("notify socket: cannot bind " + name_);
    }
    timeval tv{};
    tv.tv_sec = 5;
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  }
  ~NotifySocket() {
    ::close(fd_);
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  const std::string& name() const { return name_; }

  // One datagram, or "" after the timeout.
  std::string receive() {
    std::array<char, 512> buf{};
    ssize_t n = ::recv(fd_, buf.data(), buf.size(), 0);
    return n <= 0 ? std::string() : std::string(buf.data(), static_cast<std::size_t>(n));
  }

 private:
  static inline int next_id_ = 0;
  int fd_ = -1;
  std::filesystem::path dir_;
  std::string name_;
};

// Sets NOTIFY_SOCKET for one test and restores the old value.
class ScopedNotifyEnv {
 public:
  explicit ScopedNotifyEnv(const char* value) {
    if (const char* old = std::getenv("NOTIFY_SOCKET"); old != nullptr) {
      had_old_ = true;
      old_ = old;
    }
    if (value != nullptr) {
      ::setenv("NOTIFY_SOCKET", value, 1);
    } else {
      ::unsetenv("NOTIFY_SOCKET");
    }
  }
  ~ScopedNotifyEnv() {
    if (had_old_) {
      ::setenv("NOTIFY_SOCKET", old_.c_str(), 1);
    } else {
      ::unsetenv("NOTIFY_SOCKET");
    }
  }
  ScopedNotifyEnv(const ScopedNotifyEnv&) = delete;
  ScopedNotifyEnv& operator=(const ScopedNotifyEnv&) = delete;

 private:
  bool had_old_ = false;
  std::string old_;
};

}  // namespace soss::test
