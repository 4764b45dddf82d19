// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// soss_service under a stand-in for systemd: the Type=notify protocol of soss.service.
#include <signal.h>

#include <memory>
#include <string>

#include "integration/service_fixture.hpp"
#include "support/catch.hpp"
#include "support/notify_socket.hpp"

using namespace soss::test;

TEST_CASE("soss_service tells systemd READY=1 once it serves, and STOPPING=1 on SIGTERM",
          "[integration][systemd]") {
  NotifySocket sock;
  std::unique_ptr<ServiceFixture> svc;
  {
    // The service inherits $NOTIFY_SOCKET as systemd would pass it.
    ScopedNotifyEnv env(sock.name().c_str());
    svc = std::make_unique<ServiceFixture>(false);
  }
  std::string ready = sock.receive();
  CHECK(ready.rfind("READY=1\n", 0) == 0);
  CHECK(ready.find("svr_port " + std::to_string(svc->svr_port())) != std::string::npos);
  CHECK(svc->stop(SIGTERM) == 0);
  CHECK(sock.receive() == "STOPPING=1");
}
