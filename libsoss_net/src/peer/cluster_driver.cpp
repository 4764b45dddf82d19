// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/net/cluster_driver.hpp"

#include <asio/ip/address_v4.hpp>

#include "soss/core/common/log.hpp"
#include "soss/core/common/param_registry.hpp"
#include "soss/core/store/store_params.hpp"
#include "soss/net/view_file.hpp"

namespace soss::net {

namespace {
constexpr std::string_view kLog = "cluster";
}  // namespace

core::HostId host_id_of(const std::string& address, std::uint16_t int_port) {
  asio::error_code ec;
  asio::ip::address_v4 a = asio::ip::make_address_v4(address, ec);
  std::uint64_t ip = ec ? 0x7F000001u : a.to_uint();
  return (ip << 16) | int_port;
}

Result<ClusterDriverOptions> ClusterDriverOptions::from_params(const core::ParamSet& p,
                                                               std::uint16_t svr_port,
                                                               std::uint16_t mgt_port) {
  ClusterDriverOptions o;
  std::string address = p.get("net_interface");
  o.address = address.empty() || address == "0.0.0.0" ? "127.0.0.1" : address;
  o.int_port = static_cast<std::uint16_t>(p.get_int("int_port"));
  o.svr_port = svr_port;
  o.mgt_port = mgt_port;
  o.use_multicast = p.get_bool("use_multicast");
  o.mcast_ip = p.get("mcast_ip");
  auto hosts = parse_host_list(p.get("host_list"));
  if (!hosts) {
    return hosts.error();
  }
  o.host_list = *hosts;
  o.store_params = store_params_of(p);
  o.host.store = core::store_options_from(p);
  // The links are TCP: an item is lost only with a broken connection or when the receiver was
  // not ready for it yet (a view it has not adopted): re-send once per heartbeat. Snapshot
  // chunks in flight are bounded per host, so re-sends cannot flood a link.
  o.host.retransmit = std::chrono::milliseconds(p.get_int("heartbeat_ms"));
  core::MembershipOptions& m = o.host.membership;
  m.self = host_id_of(o.address, o.int_port);
  m.weight = static_cast<std::uint32_t>(p.get_int("store_weight"));
  m.heartbeat = std::chrono::milliseconds(p.get_int("heartbeat_ms"));
  m.heartbeat_misses = static_cast<std::uint32_t>(p.get_int("heartbeat_misses"));
  m.max_replicas = static_cast<std::uint32_t>(p.get_int("max_replicas"));
  Status valid = m.validate();
  if (!valid.is_ok()) {
    return valid;
  }
  return o;
}

StoreParams store_params_of(const core::ParamSet& params) {
  StoreParams out;
  for (const auto& spec : core::param_registry()) {
    if (spec.scope == core::ParamScope::kStore) {
      out.emplace_back(std::string(spec.name), params.get(spec.name));
    }
  }
  return out;
}

void ClusterDriver::set_store_params(StoreParams params) {
  links_->set_digest(params_digest(params));
  discovery_->set_params(params);
  std::lock_guard<std::mutex> lock(mu_);
  options_.store_params = std::move(params);
}

ClusterDriver::ClusterDriver(ClusterDriverOptions options, const core::Clock& clock,
                             asio::io_context* shared_io)
    : options_(std::move(options)), clock_(clock) {
  PeerLinksOptions lo;
  lo.self = self();
  lo.address = options_.address;
  lo.port = options_.int_port;
  lo.digest = params_digest(options_.store_params);
  lo.secret = options_.secret;
  // Break a link to a silent peer well within the time the others take to suspect it.
  lo.user_timeout =
      std::max(std::chrono::milliseconds(1000), options_.host.membership.suspicion_time() / 2);
  links_ = std::make_unique<PeerLinks>(
      lo,
      [this](core::HostId from, core::ClusterMessage m) {
        std::lock_guard<std::mutex> lock(mu_);
        host_->on_message(from, m);
        after_call();
      },
      shared_io);
  if (!options_.view_file.empty()) {
    Result<LastView> last = load_last_view(options_.view_file);
    if (last) {
      options_.host.membership.last_members = last->members;
      if (!last->members.empty()) {
        log::info(kLog, "{}: this host was in a view of {} host(s) (epoch {}) before it started",
                  options_.view_file, last->members.size(), last->epoch);
      }
    } else {
      // Safer to know of a store than to forget it: the host then waits for its peers.
      log::warn(kLog, "{}; it is ignored", last.error().message());
    }
  }
  host_ = std::make_unique<core::ClusterHost>(options_.host, *links_, clock_);
  DiscoveryOptions d;
  d.self = self();
  d.address = options_.address;
  d.use_multicast = options_.use_multicast;
  d.mcast_ip = options_.mcast_ip;
  d.mgt_port = options_.mgt_port;
  d.host_list = options_.host_list;
  d.int_port = options_.int_port;
  d.svr_port = options_.svr_port;
  d.params = options_.store_params;
  d.period = options_.announce_period;
  discovery_ =
      std::make_unique<Discovery>(d, [this](const DiscoveredHost& h) { on_discovered(h); });
}

ClusterDriver::~ClusterDriver() { stop(); }

Status ClusterDriver::start() {
  SOSS_RETURN_IF_ERROR(links_->start());
  Status s = discovery_->start();
  if (!s.is_ok()) {
    links_->stop();
    return s;
  }
  log::info(kLog, "host id {} ({}:{}), peers by {}", self(), options_.address, options_.int_port,
            options_.use_multicast ? "multicast on " + options_.mcast_ip : "host_list");
  return Status::ok();
}

void ClusterDriver::stop() {
  if (discovery_) {
    discovery_->stop();
  }
  if (links_) {
    links_->stop();
  }
}

void ClusterDriver::on_discovered(const DiscoveredHost& h) {
  if (h.id == self()) {
    return;
  }
  std::lock_guard<std::mutex> lock(mu_);
  known_[h.id] = h;
  links_->add_peer(h.id, h.address, h.int_port);
  host_->add_peer(h.id);
  after_call();
}

std::optional<core::Response> ClusterDriver::execute(const core::Request& request,
                                                     core::Completion&& later) {
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<core::Response> now = host_->execute(request, std::move(later));
  after_call();
  return now;
}

void ClusterDriver::tick() {
  std::lock_guard<std::mutex> lock(mu_);
  if (join_at_ && clock_.now() >= *join_at_) {
    join_at_.reset();
    std::vector<core::HostId> peers;
    for (const auto& [id, h] : known_) {
      peers.push_back(id);
    }
    // A host with no way to find peers, or told to by the operator, founds a store at once.
    // Any other looks for the store of the hosts it knows or finds, and founds one only when
    // none answers and its last view allows it (Membership::seek): a host restarted before the
    // others noticed must join their store, not serve a second one beside it.
    const bool alone = !options_.use_multicast && options_.host_list.empty();
    if (alone || found_at_join_) {
      log::info(kLog, "founding a store{}", found_at_join_ ? " (forced by the operator)" : "");
      host_->join({});
    } else {
      log::info(kLog, "looking for the store with {} known peer(s)", peers.size());
      host_->seek(peers);
    }
    for (core::HostId id : peers) {
      host_->add_peer(id);
    }
  }
  host_->tick();
  after_call();
}

void ClusterDriver::join(bool found) {
  std::lock_guard<std::mutex> lock(mu_);
  if (found && host_->membership().state() == core::HostState::kJoining) {
    host_->leave();  // stops the search; the store is founded at the next tick
  }
  if (host_->membership().state() != core::HostState::kInactive || join_at_) {
    found_at_join_ = found_at_join_ || found;
    return;
  }
  bool alone = !options_.use_multicast && options_.host_list.empty();
  found_at_join_ = found;
  join_at_ =
      clock_.now() + (alone || found ? std::chrono::milliseconds(0) : options_.discovery_wait);
  state_ = core::HostState::kJoining;
}

void ClusterDriver::leave() {
  std::lock_guard<std::mutex> lock(mu_);
  join_at_.reset();
  host_->leave();
  after_call();
}

bool ClusterDriver::sole_member() const {
  std::lock_guard<std::mutex> lock(mu_);
  const core::Membership& m = host_->membership();
  return m.serving() && m.view().members.size() == 1 && m.view().members.front().id == self();
}

void ClusterDriver::after_call() {
  if (!join_at_) {
    state_ = host_->membership().state();
  }
  save_view();
}

void ClusterDriver::save_view() {
  if (options_.view_file.empty()) {
    return;
  }
  const core::Membership& m = host_->membership();
  LastView last;
  if (m.serving()) {
    std::pair<std::uint64_t, std::uint64_t> now{m.view().lineage, m.view().epoch};
    if (now == saved_view_) {
      return;
    }
    saved_view_ = now;
    saved_left_ = false;
    last.epoch = m.view().epoch;
    for (const core::Member& member : m.view().members) {
      last.members.push_back(member.id);
    }
  } else if (m.state() == core::HostState::kInactive && saved_view_.second != 0 && !saved_left_) {
    saved_left_ = true;  // it left: it holds nothing, and no store waits for it
    saved_view_ = {0, 0};
  } else {
    return;
  }
  Status s = save_last_view(options_.view_file, last);
  if (!s.is_ok()) {
    log::warn(kLog, "{}", s.message());
  }
}

ClusterInfo ClusterDriver::info() const {
  std::lock_guard<std::mutex> lock(mu_);
  ClusterInfo out;
  const core::Membership& m = host_->membership();
  out.self = self();
  out.state = state_.load();
  out.epoch = m.view().epoch;
  out.health = host_->health();
  for (const core::Member& member : m.view().members) {
    MemberInfo mi;
    mi.id = member.id;
    mi.weight = member.weight;
    mi.primaries = m.map().count_primaries(member.id);
    mi.replicas = m.map().count_replicas(member.id);
    if (member.id == self()) {
      mi.address = options_.address;
      mi.svr_port = options_.svr_port;
      mi.mgt_port = options_.mgt_port;
    } else if (auto it = known_.find(member.id); it != known_.end()) {
      mi.address = it->second.address;
      mi.svr_port = it->second.svr_port;
      mi.mgt_port = it->second.mgt_port;
    }
    out.members.push_back(mi);
  }
  out.refused = discovery_->refused();
  return out;
}

core::Response ClusterDriver::routing() const {
  constexpr std::uint16_t kNone = 0xFFFF;
  std::lock_guard<std::mutex> lock(mu_);
  core::Response r;
  const core::Membership& m = host_->membership();
  if (!m.serving()) {
    return r;
  }
  r.fields.emplace_back("epoch", std::to_string(m.view().epoch));
  std::map<core::HostId, std::uint16_t> index;
  for (const core::Member& member : m.view().members) {
    std::string address;
    std::uint16_t svr_port = 0;
    if (member.id == self()) {
      address = options_.address;
      svr_port = options_.svr_port;
    } else if (auto it = known_.find(member.id); it != known_.end()) {
      address = it->second.address;
      svr_port = it->second.svr_port;
    }
    if (address.empty() || svr_port == 0 || index.size() >= kNone) {
      continue;  // not reported by discovery yet: its partitions go through this host
    }
    auto i = static_cast<std::uint16_t>(index.size());
    index[member.id] = i;
    r.fields.emplace_back("host", fmt::format("{} {} {}", i, address, svr_port));
  }
  r.value.resize(2 * core::kPartitionCount);
  for (core::PartitionId p = 0; p < core::kPartitionCount; ++p) {
    auto it = index.find(m.map().primary_of(p));
    std::uint16_t i = it == index.end() ? kNone : it->second;
    r.value[2 * p] = static_cast<char>(i & 0xFF);
    r.value[2 * p + 1] = static_cast<char>(i >> 8);
  }
  return r;
}

}  // namespace soss::net
