// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "systemd_notify.hpp"

#include <unistd.h>

#include <filesystem>
#include <string>

#include "support/catch.hpp"
#include "support/notify_socket.hpp"

using soss::test::NotifySocket;
using soss::test::ScopedNotifyEnv;

TEST_CASE("notify_systemd sends READY=1 to the path in NOTIFY_SOCKET", "[apps][systemd]") {
  NotifySocket sock(false);
  ScopedNotifyEnv env(sock.name().c_str());
  REQUIRE(soss::apps::notify_systemd("READY=1").is_ok());
  CHECK(sock.receive() == "READY=1");
  REQUIRE(soss::apps::notify_systemd("STOPPING=1").is_ok());
  CHECK(sock.receive() == "STOPPING=1");
}

TEST_CASE("notify_systemd supports abstract socket names ('@')", "[apps][systemd]") {
  NotifySocket sock(true);
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
