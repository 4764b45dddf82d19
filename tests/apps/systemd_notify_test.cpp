// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "systemd_notify.hpp"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "support/catch.hpp"

namespace {

// A unix datagram socket bound like systemd's notify socket (a path in a fresh temp folder, or
// an abstract name), which reads one datagram with a timeout. Closes and unlinks on destruction.
class FakeNotifySocket {
 public:
  explicit FakeNotifySocket(bool abstract) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
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
    REQUIRE(name_.size() < sizeof(addr.sun_path));
    std::memcpy(addr.sun_path, name_.data(), name_.size());
    socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name_.size());
    if (abstract) {
      addr.sun_path[0] = '\0';
    } else {
      len = static_cast<socklen_t>(len + 1);
    }
    REQUIRE(::bind(fd_, reinterpret_cast<const sockaddr*>(&addr), len) == 0);
    timeval tv{};
    tv.tv_sec = 5;
    REQUIRE(::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
  }
  ~FakeNotifySocket() {
    ::close(fd_);
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }
  FakeNotifySocket(const FakeNotifySocket&) = delete;
  FakeNotifySocket& operator=(const FakeNotifySocket&) = delete;

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

}  // namespace

TEST_CASE("notify_systemd sends READY=1 to the path in NOTIFY_SOCKET", "[apps][systemd]") {
  FakeNotifySocket sock(false);
  ScopedNotifyEnv env(sock.name().c_str());
  REQUIRE(soss::apps::notify_systemd("READY=1").is_ok());
  CHECK(sock.receive() == "READY=1");
  REQUIRE(soss::apps::notify_systemd("STOPPING=1").is_ok());
  CHECK(sock.receive() == "STOPPING=1");
}

TEST_CASE("notify_systemd supports abstract socket names ('@')", "[apps][systemd]") {
  FakeNotifySocket sock(true);
  ScopedNotifyEnv env(sock.name().c_str());
  REQUIRE(soss::apps::notify_systemd("READY=1\nSTATUS=serving").is_ok());
  CHECK(sock.receive() == "READY=1\nSTATUS=serving");
}

TEST_CASE("notify_systemd does nothing without NOTIFY_SOCKET", "[apps][systemd]") {
  ScopedNotifyEnv env(nullptr);
  CHECK(soss::apps::notify_systemd("READY=1").is_ok());
  ScopedNotifyEnv empty("");
  CHECK(soss::apps::notify_systemd("READY=1").is_ok());
}

TEST_CASE("notify_service_manager reports a socket nobody listens on", "[apps][systemd]") {
  auto missing = std::filesystem::temp_directory_path() /
                 ("soss-notify-missing-" + std::to_string(::getpid()));
  auto s = soss::apps::notify_service_manager(missing.string(), "READY=1");
  CHECK(s.code() == soss::StatusCode::kUnavailable);
  std::string too_long(200, 'x');
  CHECK(soss::apps::notify_service_manager("/" + too_long, "READY=1").code() ==
        soss::StatusCode::kInvalidArgument);
}
