// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Helpers of the cluster tests: options for fast simulated hosts, starting a store, and
// running one request through a host until it answers.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/sim/cluster_sim.hpp"
#include "support/catch.hpp"

namespace soss::core::sim {

using std::chrono::milliseconds;

inline ClusterHostOptions sim_options(std::uint32_t max_replicas) {
  ClusterHostOptions o;
  o.membership.heartbeat = milliseconds(50);
  o.membership.heartbeat_misses = 8;
  o.membership.max_replicas = max_replicas;
  o.retransmit = milliseconds(100);
  o.forward_timeout = milliseconds(2000);
  o.snapshot_chunk_bytes = 512;  // several chunks per partition even with few objects
  return o;
}

inline std::vector<HostId> ids_upto(HostId n) {
  std::vector<HostId> ids;
  for (HostId i = 1; i <= n; ++i) {
    ids.push_back(i);
  }
  return ids;
}

inline void start_all(ClusterSim& sim) {
  sim.start(1, {});
  for (HostId id : sim.ids()) {
    if (id != 1) {
      sim.start(id, {1});
    }
  }
}

inline Request put(const std::string& key, const std::string& value) {
  Request r;
  r.op = OpCode::kPut;
  r.id = ObjectId{namespace_id_of("t"), key_of(key)};
  r.ns_name = "t";
  r.value = value;
  return r;
}

inline Request get(const std::string& key) {
  Request r;
  r.op = OpCode::kRead;
  r.id = ObjectId{namespace_id_of("t"), key_of(key)};
  return r;
}

// Runs one request through `via`, stepping the simulation until it answers (5 s at most).
inline Response call(ClusterSim& sim, HostId via, const Request& r) {
  auto got = std::make_shared<std::optional<Response>>();
  submit(sim.host(via), r, [got](Response resp) { *got = std::move(resp); });
  sim.run_until([&] { return got->has_value(); }, milliseconds(5000));
  REQUIRE(got->has_value());
  return **got;
}

// Objects held over every host of the simulation, replicas' copies included (all must be up).
inline std::uint64_t objects_on_all_hosts(ClusterSim& sim) {
  std::uint64_t n = 0;
  for (HostId h : sim.ids()) {
    n += sim.host(h).store().stats().objects;
  }
  return n;
}

}  // namespace soss::core::sim
