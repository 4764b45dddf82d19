// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <asio/io_context.hpp>

namespace soss::apps {

// Lifecycle events soss_service writes to the Windows Application event log (source "soss").
// The numbers are what operators filter and alert on: never renumber, only add.
enum class ServiceEvent : std::uint16_t {
  kStarted = 1000,      // serving: the ports are bound
  kStopped = 1001,      // stopped on request (service manager stop, system shutdown)
  kStartFailed = 1002,  // could not start (bad parameters, ports in use)
};

// What the service runs: blocks in waiter.run() until the service manager stops it, calls
// `ready` once serving, and returns the exit code.
using ServiceBody =
    std::function<int(asio::io_context& waiter, const std::function<void()>& ready)>;

// Runs `body` as the Windows service `name` under the service control manager, which must have
// started this process: reports start pending, running once `ready` is called, stop pending and
// stopped; STOP and SHUTDOWN controls stop `waiter`. A non-zero exit code is reported to the
// manager as a service-specific error. Returns the body's exit code, kExitUnavailable when the
// process was not started by the service manager, and kExitUsage on other systems.
int run_windows_service(const std::string& name, const ServiceBody& body);

// Writes `event` with `text` to the Application event log; does nothing outside Windows.
void report_service_event(ServiceEvent event, std::string_view text);

}  // namespace soss::apps
