// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_context.hpp"

namespace soss::apps {

// What one operator command did on one host: its exit code, and its output as JSON and text.
struct HostOutcome {
  int rc = 0;
  nlohmann::json json = nlohmann::json::object();
  std::string text;   // human output, lines ending in '\n'
  std::string error;  // one line for stderr when rc != 0
};

HostOutcome host_failed(const Status& status);

// Runs `one` on every host `target` names ("" = the local host, "all", an address, a host id)
// one after the other, and prints the outcomes: as before for one host; for several, each
// one's text prefixed by its address (one line) or under a "== address ==" header, and JSON as
// an array of {"address", "host_id", ...the command's fields}. Every host is tried; the exit
// code is the first non-zero one. A bad target exits 64, an unknown host id 1.
int run_on_targets(CliContext& ctx, const std::string& target,
                   const std::function<HostOutcome(const HostRef&, bool many)>& one);

}  // namespace soss::apps
