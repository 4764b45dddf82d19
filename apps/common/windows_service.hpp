// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <asio/io_context.hpp>

#include "soss/core/common/status.hpp"

namespace soss::apps {

// Lifecycle events the Windows services write to the Application event log (soss_service as
// source "soss", soss_rest as source "soss_rest"). The numbers are what operators filter and
// alert on: never renumber, only add.
enum class ServiceEvent : std::uint16_t {
  kStarted = 1000,        // serving: the ports are bound
  kStopped = 1001,        // stopped on request (service manager stop, system shutdown)
  kStartFailed = 1002,    // could not start (bad parameters, ports in use)
  kRestartFailed = 1003,  // a restart (soss restart) stopped the service but could not start it
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

// Writes `event` with `text` to the Application event log under `source`; does nothing outside
// Windows.
void report_service_event(std::string_view source, ServiceEvent event, std::string_view text);

// A configuration error found before serving: prints "program: message" to stderr and returns
// kExitConfig. Under the service manager (`service`), which waits for a status report, the
// failed start is also written to the event log under `source` and reported to the manager as
// the service `service_name` (else the manager would wait 30 s and report a hang).
int fail_before_serving(std::string_view program, std::string_view source, bool service,
                        const std::string& service_name, const std::string& message);

// Writes the end of a service run with exit code `rc` to the event log under `source`:
// "<program> stopped" (kStopped) for kExitOk, else "<program> could not start (exit code N);
// see <log>" (kStartFailed).
void report_service_end(std::string_view source, std::string_view program, int rc,
                        std::string_view log);

// A restart of a Windows service by itself (the service manager has no "restart" control): the
// service starts a detached copy of its own executable with `helper_args` and then stops; the
// copy runs start_service_when_stopped. kUnavailable when the copy cannot be started (and on
// other systems).
Status spawn_restart_helper(const std::string& helper_args);

// Waits until the service `name` has stopped, then starts it again. Returns 0 once the start was
// accepted, kExitUnavailable when the service did not stop or start within `timeout` (reported
// to the event log under `source` as kRestartFailed), kExitUsage on other systems.
int start_service_when_stopped(const std::string& name, std::string_view source,
                               std::chrono::seconds timeout);

}  // namespace soss::apps
