// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "core/sim/cluster_sim.hpp"

#include <set>
#include <sstream>

#include "soss/core/store/types.hpp"

namespace soss::core::sim {

namespace {
constexpr std::chrono::milliseconds kClientTimeout{3000};
constexpr const char* kNamespace = "sim";
}  // namespace

class ClusterSim::Endpoint final : public ClusterTransport {
 public:
  Endpoint(ClusterNetwork& net, HostId self) : net_(net), self_(self) {}
  void send(HostId to, const ClusterMessage& message) override { net_.send(self_, to, message); }

 private:
  ClusterNetwork& net_;
  HostId self_;
};

ClusterSim::ClusterSim(std::uint64_t seed, ClusterHostOptions base, std::vector<HostId> ids,
                       std::size_t keys, std::size_t clients)
    : base_(std::move(base)), ids_(std::move(ids)), net_(clock_, seed), clients_(clients) {
  for (HostId id : ids_) {
    endpoints_[id] = std::make_unique<Endpoint>(net_, id);
    hosts_[id] = nullptr;
  }
  for (std::size_t k = 0; k < keys; ++k) {
    keys_.push_back(ObjectId{namespace_id_of(kNamespace), key_of("k" + std::to_string(k))});
  }
  first_put_.assign(keys_.size(), 0);
  first_ack_.assign(keys_.size(), 0);
}

ClusterSim::~ClusterSim() {
  *alive_ = false;
  hosts_.clear();
}

void ClusterSim::make_host(HostId id) {
  if (hosts_.at(id) != nullptr) {
    return;
  }
  ClusterHostOptions o = base_;
  o.membership.self = id;
  o.membership.last_members = disk_[id];
  hosts_[id] = std::make_unique<ClusterHost>(o, *endpoints_.at(id), clock_);
  hosts_[id]->on_primary_execute = [this, id](PartitionId p, std::uint64_t lineage,
                                              std::uint64_t epoch) {
    auto [it, added] = primaries_.emplace(std::make_tuple(lineage, epoch, p), id);
    if (!added && it->second != id && primary_conflict_.empty()) {
      std::ostringstream s;
      s << "hosts " << it->second << " and " << id << " both executed as primary of partition " << p
        << " in epoch " << epoch << " (lineage " << lineage << ")";
      primary_conflict_ = s.str();
    }
  };
}

void ClusterSim::start(HostId id, const std::vector<HostId>& peers) {
  make_host(id);
  hosts_[id]->join(peers);
}

void ClusterSim::restart(HostId id, const std::vector<HostId>& peers) {
  make_host(id);
  hosts_[id]->seek(peers);
}

void ClusterSim::save_views() {
  for (const auto& [id, host] : hosts_) {
    if (host == nullptr) {
      continue;
    }
    const Membership& m = host->membership();
    if (m.serving()) {
      std::vector<HostId>& members = disk_[id];
      members.clear();
      for (const Member& member : m.view().members) {
        members.push_back(member.id);
      }
    } else if (m.state() == HostState::kInactive) {
      disk_[id].clear();
    }
  }
}

void ClusterSim::crash(HostId id) { hosts_.at(id).reset(); }

std::vector<HostId> ClusterSim::up_ids() const {
  std::vector<HostId> out;
  for (HostId id : ids_) {
    if (hosts_.at(id) != nullptr) {
      out.push_back(id);
    }
  }
  return out;
}

std::vector<HostId> ClusterSim::others(HostId id) const {
  std::vector<HostId> out;
  for (HostId h : ids_) {
    if (h != id) {
      out.push_back(h);
    }
  }
  return out;
}

void ClusterSim::run_for(std::chrono::milliseconds duration) {
  TimePoint end = clock_.now() + duration;
  while (clock_.now() < end) {
    step();
  }
}

bool ClusterSim::run_until(const std::function<bool()>& pred, std::chrono::milliseconds limit) {
  TimePoint end = clock_.now() + limit;
  int n = 0;
  while (clock_.now() < end) {
    step();
    if (++n % 20 == 0 && pred()) {  // every 100 ms of simulated time
      return true;
    }
  }
  return pred();
}

void ClusterSim::step() {
  clock_.advance(kStep);
  while (auto e = net_.next_due()) {
    auto it = hosts_.find(e->to);
    if (it != hosts_.end() && it->second != nullptr) {
      it->second->on_message(e->from, e->message);
    }
  }
  for (HostId id : ids_) {
    if (hosts_.at(id) != nullptr) {
      hosts_.at(id)->tick();
    }
  }
  save_views();
  run_clients();
}

Request ClusterSim::request_for(std::size_t key, bool write, const std::string& value) const {
  Request r;
  r.op = write ? OpCode::kPut : OpCode::kRead;
  r.id = keys_[key];
  r.ns_name = kNamespace;
  r.value = value;
  return r;
}

void ClusterSim::run_clients() {
  TimePoint now = clock_.now();
  for (std::size_t c = 0; c < clients_.size(); ++c) {
    Client& client = clients_[c];
    if (client.op) {
      if (now - client.started >= kClientTimeout) {
        Op& op = ops_[*client.op];
        op.done = true;
        op.dropped = !op.reg.write;  // a write may still have happened; a read says nothing
        client.op.reset();
        client.next_at = now;
      }
      continue;
    }
    if (clients_running_ && now >= client.next_at) {
      issue(c);
    }
  }
  if (!clients_.empty()) {
    run_lister();
  }
}

// Every ~100 ms a listing of the namespace through a random host (it spans every primary).
void ClusterSim::run_lister() {
  TimePoint now = clock_.now();
  if (lister_.in_flight) {
    if (now - lister_.started >= kClientTimeout) {
      lister_.in_flight = false;  // no answer: says nothing
      lister_.next_at = now;
    }
    return;
  }
  std::vector<HostId> up = up_ids();
  if (!clients_running_ || now < lister_.next_at || up.empty()) {
    return;
  }
  HostId via = up[std::uniform_int_distribution<std::size_t>(0, up.size() - 1)(net_.rng())];
  lister_.in_flight = true;
  lister_.started = now;
  lister_.invoked = logical_++;
  Request r;
  r.op = OpCode::kListKeys;
  r.id.ns = namespace_id_of(kNamespace);
  std::weak_ptr<bool> alive = alive_;
  std::uint64_t invoked = lister_.invoked;
  submit(*hosts_.at(via), r, [this, alive, invoked, via](Response resp) {
    auto a = alive.lock();
    if (a && *a && lister_.in_flight && lister_.invoked == invoked) {
      lister_.in_flight = false;
      lister_.next_at = clock_.now() + std::chrono::milliseconds(100);
      check_listing(invoked, via, resp);
    }
  });
}

// An Ok listing holds every key whose put was acknowledged before it was asked, and only keys
// some put was issued for before it answered (puts never remove).
void ClusterSim::check_listing(std::uint64_t invoked, HostId via, const Response& r) {
  if (r.code != StatusCode::kOk || !listing_problem_.empty()) {
    return;
  }
  ++lister_.answered;
  std::uint64_t completed = logical_++;
  std::set<KeyBytes> listed;
  for (const KeyInfo& k : r.keys) {
    listed.insert(k.key);
  }
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    bool in = listed.count(keys_[k].key) > 0;
    std::string where = " (listing via host " + std::to_string(via) + " at " +
                        std::to_string(clock_.now().count()) + "ms)";
    if (!in && first_ack_[k] != 0 && first_ack_[k] < invoked) {
      listing_problem_ = "key k" + std::to_string(k) + " acknowledged before a listing is " +
                         "missing from it" + where;
    } else if (in && (first_put_[k] == 0 || first_put_[k] > completed)) {
      listing_problem_ = "key k" + std::to_string(k) + " listed before any put of it" + where;
    }
  }
}

void ClusterSim::issue(std::size_t c) {
  std::vector<HostId> up = up_ids();
  if (up.empty()) {
    return;
  }
  auto& rng = net_.rng();
  Client& client = clients_[c];
  HostId via = up[std::uniform_int_distribution<std::size_t>(0, up.size() - 1)(rng)];
  Op op;
  op.key = std::uniform_int_distribution<std::size_t>(0, keys_.size() - 1)(rng);
  op.reg.write = std::uniform_int_distribution<int>(0, 1)(rng) == 0;
  if (op.reg.write) {
    op.reg.value = "c" + std::to_string(c) + "." + std::to_string(++client.serial);
  }
  op.reg.who = "client " + std::to_string(c) + " via host " + std::to_string(via) +
               (op.reg.write ? " put " + op.reg.value : " read");
  op.reg.invoked = logical_++;
  if (op.reg.write && first_put_[op.key] == 0) {
    first_put_[op.key] = op.reg.invoked;
  }
  op.reg.who += " at " + std::to_string(clock_.now().count()) + "ms";
  ops_.push_back(op);
  std::size_t index = ops_.size() - 1;
  client.op = index;
  client.started = clock_.now();
  std::weak_ptr<bool> alive = alive_;
  submit(*hosts_.at(via), request_for(op.key, op.reg.write, op.reg.value),
         [this, alive, index](Response r) {
           auto a = alive.lock();
           if (a && *a) {
             finish(index, r);
           }
         });
}

void ClusterSim::finish(std::size_t index, const Response& r) {
  Op& op = ops_[index];
  if (op.done) {
    return;  // the client gave up on it already
  }
  op.done = true;
  for (std::size_t c = 0; c < clients_.size(); ++c) {
    if (clients_[c].op == index) {
      clients_[c].op.reset();
      clients_[c].next_at =
          clock_.now() +
          std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 20)(net_.rng()));
    }
  }
  bool success = r.code == StatusCode::kAdded || r.code == StatusCode::kUpdated ||
                 r.code == StatusCode::kRetrieved ||
                 (!op.reg.write && r.code == StatusCode::kNotFound);
  if (success) {
    op.reg.completed = logical_++;
    if (op.reg.write && first_ack_[op.key] == 0) {
      first_ack_[op.key] = op.reg.completed;
    }
    if (!op.reg.write) {
      op.reg.value = r.code == StatusCode::kRetrieved ? r.value : std::string();
    }
  } else if (r.code == StatusCode::kNotReady || !op.reg.write) {
    op.dropped = true;  // refused before anything happened (or a read that says nothing)
  }
  op.reg.who += " -> " + std::string(status_code_name(r.code)) + " at " +
                std::to_string(clock_.now().count()) + "ms";
}

bool ClusterSim::healthy(const std::vector<HostId>& reachable) const {
  std::optional<std::pair<std::uint64_t, std::uint64_t>> view;
  std::uint32_t primaries = 0;
  std::uint32_t replicated = 0;
  std::set<HostId> want(reachable.begin(), reachable.end());
  for (HostId id : reachable) {
    const ClusterHost* h = hosts_.at(id).get();
    if (h == nullptr || h->membership().state() != HostState::kActive) {
      return false;
    }
    const View& v = h->membership().view();
    if (view && *view != std::make_pair(v.lineage, v.epoch)) {
      return false;
    }
    view = std::make_pair(v.lineage, v.epoch);
    std::set<HostId> members;
    for (const Member& m : v.members) {
      members.insert(m.id);
    }
    if (members != want) {
      return false;
    }
    ClusterHealth health = h->health();
    primaries += health.primaries;
    replicated += health.replicated;
  }
  return primaries == kPartitionCount && replicated == kPartitionCount;
}

bool ClusterSim::final_reads(HostId via, std::chrono::milliseconds limit) {
  clients_running_ = false;
  TimePoint end = clock_.now() + limit;
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    bool answered = false;
    while (!answered && clock_.now() < end) {
      auto got = std::make_shared<std::optional<Response>>();
      Op op;
      op.key = k;
      op.reg.who = "final read via host " + std::to_string(via);
      op.reg.invoked = logical_++;
      submit(*hosts_.at(via), request_for(k, false, {}), [got](Response r) { *got = r; });
      for (int i = 0; i < 400 && !*got; ++i) {
        step();
      }
      const std::optional<Response>& g = *got;
      if (g && (g->code == StatusCode::kRetrieved || g->code == StatusCode::kNotFound)) {
        op.reg.completed = logical_++;
        op.reg.value = g->code == StatusCode::kRetrieved ? g->value : std::string();
        op.done = true;
        ops_.push_back(op);
        answered = true;
      } else {
        run_for(std::chrono::milliseconds(100));
      }
    }
    if (!answered) {
      return false;
    }
  }
  return true;
}

std::string ClusterSim::check() const {
  if (!primary_conflict_.empty()) {
    return primary_conflict_;
  }
  if (!listing_problem_.empty()) {
    return listing_problem_;
  }
  std::vector<std::vector<RegisterOp>> by_key(keys_.size());
  for (const Op& op : ops_) {
    if (op.dropped || (!op.reg.write && !op.done)) {
      continue;
    }
    by_key[op.key].push_back(op.reg);
  }
  for (std::size_t k = 0; k < by_key.size(); ++k) {
    std::string problem = check_register(by_key[k]);
    if (!problem.empty()) {
      return "key k" + std::to_string(k) + ": " + problem;
    }
  }
  return {};
}

std::string ClusterSim::summary() const {
  std::size_t writes = 0;
  std::size_t acked = 0;
  std::size_t reads = 0;
  for (const Op& op : ops_) {
    if (op.reg.write) {
      ++writes;
      acked += op.reg.completed != RegisterOp::kNever ? 1 : 0;
    } else if (!op.dropped && op.done) {
      ++reads;
    }
  }
  std::ostringstream s;
  s << writes << " writes (" << acked << " acknowledged), " << reads << " reads answered, "
    << lister_.answered << " listings checked";
  for (HostId id : ids_) {
    const ClusterHost* h = hosts_.at(id).get();
    if (h == nullptr) {
      s << "; host " << id << " down";
      continue;
    }
    ClusterHealth health = h->health();
    s << "; host " << id << " " << host_state_name(h->membership().state()) << " epoch "
      << h->membership().view().epoch << " primary " << health.primaries << " serving "
      << health.serving << " replicated " << health.replicated;
    std::string bad = h->describe_unhealthy();
    if (!bad.empty()) {
      s << " [" << bad << "]";
    }
  }
  return s.str();
}

}  // namespace soss::core::sim

namespace soss::core::sim {

std::string ClusterSim::history(std::size_t k) const {
  std::ostringstream s;
  for (const Op& op : ops_) {
    if (op.key == k) {
      s << "  [" << op.reg.invoked << ".."
        << (op.reg.completed == RegisterOp::kNever ? std::string("?")
                                                   : std::to_string(op.reg.completed))
        << "] " << (op.reg.write ? "write " : "read ") << "'" << op.reg.value << "' " << op.reg.who
        << (op.dropped ? " (dropped)" : "") << "\n";
    }
  }
  return s.str();
}

}  // namespace soss::core::sim
