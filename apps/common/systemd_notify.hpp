// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "soss/core/common/status.hpp"

namespace soss::apps {

// The service-manager readiness protocol of systemd (sd_notify), without libsystemd: one
// datagram such as "READY=1" or "STOPPING=1" sent to the AF_UNIX socket systemd names in
// $NOTIFY_SOCKET (a path, or an abstract name written with a leading '@'). soss.service is
// Type=notify, so systemd waits for READY=1 before it calls the unit started.
//
// Sends `state` to the socket at `socket_path`. An empty path does nothing and succeeds.
// On Windows this always does nothing.
Status notify_service_manager(const std::string& socket_path, std::string_view state);

// Sends `state` to $NOTIFY_SOCKET; does nothing when the variable is unset (not under systemd).
Status notify_systemd(std::string_view state);

}  // namespace soss::apps
