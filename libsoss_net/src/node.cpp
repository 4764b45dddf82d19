// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/net/node.hpp"

#include <fmt/format.h>

#include "soss/core/common/log.hpp"
#include "soss/core/common/param_registry.hpp"
#include "soss/core/store/store_params.hpp"
#include "soss/net/blocking_client.hpp"

namespace soss::net {

using core::Response;

namespace {
// Marks a kSetParams request that a peer sent on (request.cursor is unused by kSetParams).
constexpr const char* kFromPeer = "from-peer";
// kJoin / kLeave with the field ("force", "1"): 'soss join --force' founds a store at once;
// 'soss leave --force' leaves even as the last host.
bool has_force(const core::Request& request) {
  for (const auto& [name, value] : request.fields) {
    if (name == "force" && value == "1") {
      return true;
    }
  }
  return false;
}

}  // namespace

// The last view is kept beside the parameters file, named after it (soss_params.txt:
// soss_params_view.txt), so services whose files share a folder keep theirs apart.
std::string view_file_path(const std::string& params_path) {
  if (params_path.empty()) {
    return {};
  }
  std::string stem = params_path;
  if (stem.size() > 4 && stem.compare(stem.size() - 4, 4, ".txt") == 0) {
    stem.resize(stem.size() - 4);
  }
  return stem + "_view.txt";
}

Node::Node(NodeOptions options) : options_(std::move(options)) {}

Node::~Node() { stop(); }

Status Node::start() {
  const auto& p = options_.params;
  if (p.get_bool("accept_secure")) {
    // Refused rather than ignored: an operator who asked for TLS must not get plaintext ports
    // believing they are encrypted (docs/security.md).
    return Status(StatusCode::kConfigError,
                  "accept_secure 1: TLS ports are not built yet; set accept_secure 0 and carry "
                  "client traffic over a VPN or TLS tunnel (docs/security.md)");
  }
  core::StoreOptions store_options = core::store_options_from(p);
  SOSS_RETURN_IF_ERROR(store_options.validate());
  dispatcher_ =
      std::make_unique<Dispatcher>(static_cast<ObjectHandler&>(*this), this, options_.access);

  ServerOptions so;
  so.address = p.get("net_interface").empty() ? "0.0.0.0" : p.get("net_interface");
  so.svr_port =
      options_.svr_port_override.value_or(static_cast<std::uint16_t>(p.get_int("svr_port")));
  so.mgt_port =
      options_.mgt_port_override.value_or(static_cast<std::uint16_t>(p.get_int("mgt_port")));
  so.io_threads = options_.io_threads != 0 ? options_.io_threads
                                           : static_cast<std::size_t>(p.get_int("io_threads"));
  so.max_frame_bytes = static_cast<std::uint32_t>(store_options.max_object_bytes + (1u << 20));
  so.tick_ms = 5;
  so.limits.max_connections = static_cast<std::size_t>(p.get_int("max_connections"));
  so.limits.read_timeout_s = static_cast<std::uint32_t>(p.get_int("read_timeout"));
  so.limits.idle_timeout_s = static_cast<std::uint32_t>(p.get_int("idle_timeout"));
  input_budget_ =
      std::make_unique<InputBudget>(static_cast<std::size_t>(p.get_int("max_buffered")) << 20);
  so.input_budget = input_budget_.get();
  server_ = std::make_unique<Server>(so, *dispatcher_, [this] {
    if (ready_) {
      cluster_->tick();
    }
  });
  SOSS_RETURN_IF_ERROR(server_->start());
  auto co = ClusterDriverOptions::from_params(p, server_->svr_port(), server_->mgt_port());
  if (!co) {
    server_->stop();
    return co.error();
  }
  co->secret = options_.access.secret();  // hosts prove it to each other on int_port
  if (options_.int_port_override) {
    co->int_port = *options_.int_port_override;
    co->host.membership.self = host_id_of(co->address, co->int_port);
  }
  co->view_file = view_file_path(options_.params_path);
  // The links share the server's first io thread: with the default io_threads (1 on 2 cores) a
  // write, its replication and its answer then never change threads.
  auto cluster = std::make_unique<ClusterDriver>(*co, clock_, &server_->main_context());
  Status started = cluster->start();
  if (!started.is_ok()) {
    server_->stop();
    return started;
  }
  cluster_ = std::move(cluster);
  started_ = std::chrono::steady_clock::now();
  started_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  ready_ = true;  // requests that arrived before this point were refused with NotReady
  log::info("service", "listening on {} (svr_port {}, mgt_port {}, int_port {})", so.address,
            server_->svr_port(), server_->mgt_port(), co->int_port);
  SOSS_RETURN_IF_ERROR(start_resp(so, store_options.max_object_bytes));
  if (p.get_bool("auto_join")) {
    cluster_->join();
    log::info("membership", "auto_join is 1: this host joins the store");
  } else {
    log::info("membership", "this host is inactive; activate it with 'soss join'");
  }
  return Status::ok();
}

// The Redis endpoint submits its requests to the same Dispatcher as svr_port's clients, so it
// gets the same activation checks (and routing) as native requests.
Status Node::start_resp(const ServerOptions& so, std::uint64_t max_object_bytes) {
  const auto port = options_.resp_port_override.value_or(
      static_cast<std::uint16_t>(options_.params.get_int("resp_port")));
  if (port == 0 && !options_.resp_port_override) {
    return Status::ok();
  }
  RespServerOptions ro;
  ro.address = so.address;
  ro.port = port;
  ro.io_threads = so.io_threads;
  ro.max_bulk_bytes = static_cast<std::size_t>(max_object_bytes);
  ro.limits = so.limits;
  ro.input_budget = so.input_budget;
  resp_ =
      std::make_unique<RespServer>(ro, *dispatcher_, [this] { return status_response().fields; });
  SOSS_RETURN_IF_ERROR(resp_->start());
  log::info("service", "Redis protocol (RESP2) on {}:{} (resp_port)", ro.address, resp_->port());
  return Status::ok();
}

// The cluster stops before the server: its links run on the server's main io thread.
void Node::stop() {
  if (resp_) {
    resp_->stop();
  }
  if (cluster_) {
    cluster_->stop();
  }
  if (server_) {
    server_->stop();
  }
}

std::uint16_t Node::resp_port() const { return resp_ ? resp_->port() : 0; }

std::uint16_t Node::svr_port() const { return server_ ? server_->svr_port() : 0; }
std::uint16_t Node::mgt_port() const { return server_ ? server_->mgt_port() : 0; }

HostState Node::state() const { return ready_ ? cluster_->state() : HostState::kInactive; }

bool Node::is_active() const {
  HostState s = state();
  return s != HostState::kInactive && s != HostState::kJoining;
}

std::optional<core::Response> Node::execute(const core::Request& request,
                                            core::Completion&& later) {
  if (!ready_) {
    return Response::of(StatusCode::kNotReady, "the service is starting");
  }
  return cluster_->execute(request, std::move(later));
}

core::Response Node::routing() const {
  return ready_ ? cluster_->routing() : Response::of(StatusCode::kOk);
}

void Node::prefetch(const std::vector<core::Request>& batch) {
  if (ready_) {
    cluster_->store().prefetch(batch);
  }
}

Status Node::join(bool found) {
  if (state() == HostState::kInactive || found) {
    log::info("membership", "join requested{}", found ? " (--force: found a new store)" : "");
  }
  cluster_->join(found);
  return set_auto_join(true);
}

Status Node::leave(bool force) {
  if (!force && cluster_->sole_member()) {
    const auto objects = cluster_->store().stats().objects;
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("this host is the last host of the store: leaving drops the store "
                              "and its {} object(s); join another host first, or leave with "
                              "--force",
                              objects));
  }
  if (state() != HostState::kInactive) {
    log::info("membership", "leave requested: the partitions go to the other hosts");
  }
  cluster_->leave();
  return set_auto_join(false);
}

Status Node::set_auto_join(bool on) {
  const char* value = on ? "1" : "0";
  {
    std::lock_guard<std::mutex> lock(params_mu_);
    if (options_.params.get("auto_join") == value) {
      return Status::ok();
    }
    SOSS_RETURN_IF_ERROR(options_.params.set("auto_join", value, core::ParamSource::kRuntime));
  }
  if (options_.persist) {
    return options_.persist({{"auto_join", value}});
  }
  return Status::ok();
}

Response Node::manage(const core::Request& request) {
  if (!ready_) {
    return Response::of(StatusCode::kNotReady, "the service is starting");
  }
  switch (request.op) {
    case core::OpCode::kGetStatus:
      return status_response();
    case core::OpCode::kGetParams:
      return params_response();
    case core::OpCode::kSetParams: {
      Response r = set_params(request.fields);
      if (r.code == StatusCode::kOk && request.cursor != kFromPeer) {
        propagate_store_params(request.fields, r);
      }
      return r;
    }
    case core::OpCode::kJoin: {
      Status s = join(has_force(request));
      Response r = s.is_ok() ? status_response() : Response::of(s);
      return r;
    }
    case core::OpCode::kLeave: {
      Status s = leave(has_force(request));
      return s.is_ok() ? status_response() : Response::of(s);
    }
    case core::OpCode::kRestart: {
      if (!options_.restart) {
        return Response::of(StatusCode::kUnavailable, "this service cannot restart itself");
      }
      log::info("service", "restart requested");
      return Response::of(options_.restart());
    }
    default:
      return Response::of(StatusCode::kInvalidArgument, "not a management operation");
  }
}

Response Node::status_response() const {
  Response r;
  auto st = cluster_->store().stats();
  auto ss = server_->stats();
  ClusterInfo info = cluster_->info();
  auto uptime =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_);
  std::lock_guard<std::mutex> lock(params_mu_);
  const auto& p = options_.params;
  r.fields = {
      {"state", std::string(host_state_name(state()))},
      {"version", SOSS_VERSION},
      {"host_id", std::to_string(info.self)},
      {"address", p.get("net_interface").empty() ? "0.0.0.0" : p.get("net_interface")},
      {"svr_port", std::to_string(server_->svr_port())},
      {"mgt_port", std::to_string(server_->mgt_port())},
      {"resp_port", std::to_string(resp_ ? resp_->port() : 0)},
      {"hosts", std::to_string(info.members.size())},
      {"epoch", std::to_string(info.epoch)},
      {"primaries", std::to_string(info.health.primaries)},
      {"serving", std::to_string(info.health.serving)},
      {"replicated", std::to_string(info.health.replicated)},
      {"snapshot_bytes_sent", std::to_string(info.health.snapshot_bytes_sent)},
      {"forwarded", std::to_string(info.health.forwarded)},
      {"snapshots_sent", std::to_string(info.health.snapshots_sent)},
      {"uptime_s", std::to_string(uptime.count())},
      {"started_ms", std::to_string(started_ms_)},
      {"objects", std::to_string(st.objects)},
      {"bytes", std::to_string(st.bytes)},
      {"namespaces", std::to_string(st.namespaces.size())},
      {"max_memory_mb", p.get("max_memory")},
      {"evictions", std::to_string(st.evictions)},
      {"expirations", std::to_string(st.expirations)},
      {"lock_waiters", std::to_string(st.lock_waiters)},
      // What clients asked (svr_port requests and resp_port commands), not management polls.
      {"requests", std::to_string(ss.requests + (resp_ ? resp_->stats().commands : 0))},
      {"connections", std::to_string(ss.connections_open)},
      {"params_file", options_.params_path},
  };
  // One line per member of the view: "id address svr_port mgt_port primaries replicas".
  for (const MemberInfo& m : info.members) {
    r.fields.emplace_back(
        "member", fmt::format("{} {} {} {} {} {}", m.id, m.address.empty() ? "?" : m.address,
                              m.svr_port, m.mgt_port, m.primaries, m.replicas));
  }
  if (options_.interfaces) {
    for (std::string& i : options_.interfaces()) {
      r.fields.emplace_back("interface", std::move(i));
    }
  }
  for (const RefusedHost& h : info.refused) {
    r.fields.emplace_back("refused", fmt::format("{} {}: {}", h.id, h.address, h.message));
  }
  return r;
}

Response Node::params_response() const {
  Response r;
  std::lock_guard<std::mutex> lock(params_mu_);
  for (const auto& spec : core::param_registry()) {
    r.fields.emplace_back(std::string(spec.name), options_.params.get(spec.name));
  }
  return r;
}

// A store-wide parameter set on one host is sent on to every other member of the view (marked,
// so they do not send it on again); each writes it to its own soss_params.txt. The answer names
// the hosts it reached and those it did not.
void Node::propagate_store_params(const ParamChanges& changes, Response& answer) {
  core::Request req;
  req.op = core::OpCode::kSetParams;
  req.cursor = kFromPeer;
  for (const auto& [name, value] : changes) {
    const auto* spec = core::find_param(name);
    if (spec != nullptr && spec->scope == core::ParamScope::kStore) {
      req.fields.emplace_back(name, value);
    }
  }
  if (req.fields.empty()) {
    return;
  }
  ClusterInfo info = cluster_->info();
  for (const MemberInfo& m : info.members) {
    if (m.id == info.self) {
      continue;
    }
    std::string where = m.address.empty() ? std::to_string(m.id) : m.address;
    if (m.address.empty()) {
      answer.fields.emplace_back("propagated", where + " failed: address unknown");
      continue;
    }
    BlockingClient peer(m.address, m.mgt_port, std::chrono::seconds(5));
    auto r = peer.call(req);
    answer.fields.emplace_back(
        "propagated", r && r->code == StatusCode::kOk
                          ? where + " ok"
                          : where + " failed: " + (r ? r->message : r.error().to_string()));
  }
  log::info("service", "store-wide parameter change sent to {} other host(s)",
            info.members.empty() ? 0 : info.members.size() - 1);
}

Response Node::set_params(const ParamChanges& changes) {
  if (changes.empty()) {
    return Response::of(StatusCode::kInvalidArgument, "no parameters given");
  }
  // Validate everything first: a bad name or value changes nothing.
  core::ParamSet next;
  {
    std::lock_guard<std::mutex> lock(params_mu_);
    next = options_.params;
  }
  std::vector<std::string> restart;
  bool store_wide = false;
  for (const auto& [name, value] : changes) {
    const auto* spec = core::find_param(name);
    if (spec == nullptr) {
      auto near = core::closest_param_name(name);
      return Response::of(
          StatusCode::kConfigError,
          near.empty() ? fmt::format("unknown parameter '{}'", name)
                       : fmt::format("unknown parameter '{}' (did you mean '{}'?)", name, near));
    }
    Status s = next.set(name, value, core::ParamSource::kRuntime);
    if (!s.is_ok()) {
      return Response::of(s);
    }
    if (!spec->runtime_changeable) {
      restart.push_back(name);
    }
    store_wide = store_wide || spec->scope == core::ParamScope::kStore;
  }
  core::StoreOptions so = core::store_options_from(next);
  Status valid = so.validate();
  if (!valid.is_ok()) {
    return Response::of(valid);
  }
  if (options_.persist) {
    Status s = options_.persist(changes);
    if (!s.is_ok()) {
      return Response::of(s.with_context("writing {}", options_.params_path));
    }
  }
  // Peers are judged by the store-wide values in the files from now on, so a host restarted
  // with them is accepted (its peers had the same change, by propagation).
  if (store_wide) {
    cluster_->set_store_params(store_params_of(next));
  }
  // Apply what can change while running; the rest waits for a restart.
  core::ParamSet applied;
  {
    std::lock_guard<std::mutex> lock(params_mu_);
    for (const auto& [name, value] : changes) {
      if (core::find_param(name)->runtime_changeable) {
        (void)options_.params.set(name, value, core::ParamSource::kRuntime);
      }
    }
    applied = options_.params;
  }
  (void)cluster_->store().set_options(core::store_options_from(applied));
  log::Level level;
  if (log::parse_level(applied.get("log_level"), level)) {
    log::set_level(level);
  }
  Response r = Response::of(StatusCode::kOk);
  for (const auto& name : restart) {
    r.fields.emplace_back(name, "restart");
  }
  log::info("service", "{} parameter(s) changed, {} need a restart", changes.size(),
            restart.size());
  return r;
}

}  // namespace soss::net
