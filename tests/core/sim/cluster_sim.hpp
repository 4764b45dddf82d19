// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Whole stores in one process: ClusterHosts on a seeded simulated network and clock, with a
// client workload whose history is recorded for the checks.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/sim/register_checker.hpp"
#include "core/sim/sim_network.hpp"
#include "soss/core/cluster/cluster_host.hpp"

namespace soss::core::sim {

// Runs a request on `host`; `done` gets the answer whether it is ready at once or comes later.
inline void submit(ClusterHost& host, const Request& request, Completion done) {
  if (std::optional<Response> now = host.execute(request, Completion(done))) {
    done(std::move(*now));
  }
}

using ClusterNetwork = BasicSimNetwork<ClusterMessage>;

class ClusterSim {
 public:
  ClusterSim(std::uint64_t seed, ClusterHostOptions base, std::vector<HostId> ids, std::size_t keys,
             std::size_t clients);
  ~ClusterSim();

  void start(HostId id, const std::vector<HostId>& peers);
  // Starts a host as a service does after a crash or a restart: a new ClusterHost that seeks
  // its store (ClusterHost::seek) knowing the last view it was in (kept on its "disk").
  void restart(HostId id, const std::vector<HostId>& peers);
  void crash(HostId id);
  bool up(HostId id) const { return hosts_.at(id) != nullptr; }
  ClusterHost& host(HostId id) { return *hosts_.at(id); }
  const std::vector<HostId>& ids() const { return ids_; }
  std::vector<HostId> up_ids() const;
  std::vector<HostId> others(HostId id) const;

  void set_clients_running(bool on) { clients_running_ = on; }
  // Advances time in steps, delivering messages, ticking hosts and running the clients.
  void run_for(std::chrono::milliseconds duration);
  bool run_until(const std::function<bool()>& pred, std::chrono::milliseconds limit);

  // Every up host that is not cut off holds one view whose members are exactly those hosts, and
  // every partition has a serving primary with complete replicas.
  bool healthy(const std::vector<HostId>& reachable) const;
  // Reads every key through `via` once the clients stopped; false if some read got no answer.
  bool final_reads(HostId via, std::chrono::milliseconds limit);

  // "" when every key's history is linearizable and no two hosts executed requests as primary
  // of one partition in one epoch.
  std::string check() const;
  std::string summary() const;
  // Every op of key `k` in invocation order (for replays).
  std::string history(std::size_t k) const;

  ClusterNetwork& net() { return net_; }
  ManualClock& clock() { return clock_; }
  static constexpr std::chrono::milliseconds kStep{5};

 private:
  class Endpoint;
  struct Client {
    std::optional<std::size_t> op;  // index in ops_ of the op in flight
    TimePoint started{};
    TimePoint next_at{};
    std::uint64_t serial = 0;
  };
  struct Op {
    std::size_t key = 0;
    RegisterOp reg;
    bool done = false;
    bool dropped = false;  // refused without effect (NotReady): not part of the history
  };

  // A listing of the workload's namespace now and then, checked against the puts around it.
  struct Lister {
    bool in_flight = false;
    std::uint64_t invoked = 0;  // logical time
    TimePoint started{};
    TimePoint next_at{};
    std::uint64_t answered = 0;  // listings that answered Ok
  };

  void make_host(HostId id);
  void save_views();  // each host's "disk" (its view file) follows its committed view
  void step();
  void run_clients();
  void run_lister();
  void check_listing(std::uint64_t invoked, HostId via, const Response& r);
  void issue(std::size_t client);
  void finish(std::size_t op, const Response& r);
  Request request_for(std::size_t key, bool write, const std::string& value) const;

  ClusterHostOptions base_;
  std::vector<HostId> ids_;
  ManualClock clock_;
  ClusterNetwork net_;
  std::map<HostId, std::unique_ptr<Endpoint>> endpoints_;
  std::map<HostId, std::unique_ptr<ClusterHost>> hosts_;
  std::map<HostId, std::vector<HostId>> disk_;  // the last view each host was in (see restart)
  std::vector<ObjectId> keys_;
  std::vector<Client> clients_;
  std::vector<Op> ops_;
  // Per key, the logical times of its first put invoked and first put acknowledged (0 = none).
  std::vector<std::uint64_t> first_put_;
  std::vector<std::uint64_t> first_ack_;
  Lister lister_;
  std::string listing_problem_;
  bool clients_running_ = true;
  std::uint64_t logical_ = 1;
  // (lineage, epoch, partition) -> the host that executed as its primary.
  std::map<std::tuple<std::uint64_t, std::uint64_t, PartitionId>, HostId> primaries_;
  std::string primary_conflict_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace soss::core::sim
