// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <string>

#include <asio/io_context.hpp>

#include "service_config.hpp"

namespace soss::net {
class Node;
struct NodeOptions;
}  // namespace soss::net

namespace soss::apps {

// Called once the node serves (its ports are bound), with the node for its actual ports.
using ReadyCallback = std::function<void(const net::Node&)>;
// Adds what the host offers beyond the parameters (interface listing, self-restart).
using ConfigureNode = std::function<void(net::NodeOptions&)>;

// Runs one host of the store for as long as `waiter.run()` blocks: starts a Node from
// `config`, calls `ready`, runs `waiter` on this thread, then stops the node. The caller decides
// what ends the wait: a signal_set (console, systemd) or the Windows service manager calling
// waiter.stop(). Returns the process exit code (exit_codes.hpp).
int run_host(const ServiceConfig& config, asio::io_context& waiter, const ReadyCallback& ready,
             const ConfigureNode& configure = {});

}  // namespace soss::apps
