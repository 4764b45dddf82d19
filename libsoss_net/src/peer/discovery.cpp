// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/net/discovery.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <asio.hpp>
#include <fmt/format.h>

#include "soss/core/common/log.hpp"

namespace soss::net {

using asio::ip::udp;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string value_or_unset(const std::map<std::string, std::string>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? "(unset)" : "'" + it->second + "'";
}

}  // namespace

Result<std::vector<std::string>> parse_host_list(std::string_view text) {
  std::vector<std::string> out;
  while (!trim(text).empty()) {
    std::size_t comma = text.find(',');
    std::string entry(trim(text.substr(0, comma)));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    asio::error_code ec;
    auto addr = asio::ip::make_address_v4(entry, ec);
    if (ec) {
      return Status(StatusCode::kConfigError,
                    fmt::format("host_list entry '{}' is not an IPv4 address", entry));
    }
    std::string canonical = addr.to_string();
    if (std::find(out.begin(), out.end(), canonical) == out.end()) {
      out.push_back(canonical);
    }
  }
  return out;
}

std::vector<std::string> differing_params(const StoreParams& ours, const StoreParams& theirs) {
  std::map<std::string, std::string> a(ours.begin(), ours.end());
  std::map<std::string, std::string> b(theirs.begin(), theirs.end());
  std::set<std::string> names;
  for (const auto& [k, v] : a) {
    auto it = b.find(k);
    if (it == b.end() || it->second != v) {
      names.insert(k);
    }
  }
  for (const auto& [k, v] : b) {
    if (a.count(k) == 0) {
      names.insert(k);
    }
  }
  return {names.begin(), names.end()};
}

Status DiscoveryOptions::validate() const {
  asio::error_code ec;
  asio::ip::make_address_v4(address, ec);
  if (ec) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("discovery address '{}' is not an IPv4 address", address));
  }
  auto group = asio::ip::make_address_v4(mcast_ip, ec);
  if (use_multicast && (ec || !group.is_multicast())) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("mcast_ip '{}' is not an IPv4 multicast address", mcast_ip));
  }
  if (self == 0 || mgt_port == 0 || period.count() <= 0) {
    return Status(StatusCode::kInvalidArgument,
                  "discovery needs a host id, a mgt_port and a positive period");
  }
  return Status::ok();
}

struct Discovery::Impl {
  DiscoveryOptions options;
  DiscoveryCallback on_host;
  std::string announcement;  // our datagram, encoded once
  std::string digest;
  asio::io_context io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  udp::socket unicast{io};  // bound to address:mgt_port; sends every announcement
  udp::socket group{io};    // bound to the group (multicast only)
  asio::steady_timer timer{io};
  std::thread thread;
  bool started = false;

  mutable std::mutex mu;
  std::map<core::HostId, DiscoveredHost> hosts;
  std::map<core::HostId, RefusedHost> refused;
  std::map<core::HostId, std::string> refused_digest;  // logged once per (host, digest)

  Impl(DiscoveryOptions o, DiscoveryCallback cb) : options(std::move(o)), on_host(std::move(cb)) {
    use_params(std::move(options.params));
  }

  // io thread (or before it starts)
  void use_params(StoreParams params) {
    options.params = std::move(params);
    std::sort(options.params.begin(), options.params.end());
    digest = params_digest(options.params);
    announcement =
        encode_announcement({options.self, options.address, options.int_port, options.svr_port,
                             options.mgt_port, digest, options.params});
  }

  Status open_sockets();
  void do_receive(udp::socket& s, std::shared_ptr<std::array<char, 65536>> buf,
                  std::shared_ptr<udp::endpoint> from);
  void on_datagram(std::string_view bytes, const udp::endpoint& from);
  void refuse(const Announcement& a, const std::string& address);
  void accept(const DiscoveredHost& h);
  void announce();
};

Status Discovery::Impl::open_sockets() {
  asio::error_code ec;
  auto local = asio::ip::make_address_v4(options.address, ec);
  auto mcast = asio::ip::make_address_v4(options.mcast_ip, ec);
  auto where = [&](const std::string& what) {
    return Status(StatusCode::kUnavailable,
                  fmt::format("discovery: {} on {}:{}: {}", what, options.address, options.mgt_port,
                              ec.message()));
  };
  ec.clear();
  // Each step runs only while the ones before it succeeded (the error_code forms return void).
  auto step = [&ec](auto&& op) {
    if (!ec) {
      op();
    }
  };
  step([&] { unicast.open(udp::v4(), ec); });
  step([&] { unicast.set_option(udp::socket::reuse_address(true), ec); });
  step([&] { unicast.bind(udp::endpoint(local, options.mgt_port), ec); });
  if (ec) {
    return where("cannot bind UDP");
  }
  if (!options.use_multicast) {
    return Status::ok();
  }
  // Send on the interface of `address` (never by the default route: on loopback that would
  // leak to the LAN), TTL 1, and hear this machine's other instances (loop on).
  step([&] { unicast.set_option(asio::ip::multicast::outbound_interface(local), ec); });
  step([&] { unicast.set_option(asio::ip::multicast::hops(1), ec); });
  step([&] { unicast.set_option(asio::ip::multicast::enable_loopback(true), ec); });
  if (ec) {
    return where("cannot set the multicast options");
  }
  step([&] { group.open(udp::v4(), ec); });
  step([&] { group.set_option(udp::socket::reuse_address(true), ec); });
#ifdef _WIN32
  step([&] { group.bind(udp::endpoint(asio::ip::address_v4::any(), options.mgt_port), ec); });
#else
  // Bound to the group itself, so that datagrams of other groups on this port stay out.
  step([&] { group.bind(udp::endpoint(mcast, options.mgt_port), ec); });
#endif
  step([&] { group.set_option(asio::ip::multicast::join_group(mcast, local), ec); });
  if (ec) {
    return where(fmt::format("cannot join {}", options.mcast_ip));
  }
  return Status::ok();
}

void Discovery::Impl::do_receive(udp::socket& s, std::shared_ptr<std::array<char, 65536>> buf,
                                 std::shared_ptr<udp::endpoint> from) {
  s.async_receive_from(asio::buffer(*buf), *from,
                       [this, &s, buf, from](asio::error_code ec, std::size_t n) {
                         if (ec == asio::error::operation_aborted || !s.is_open()) {
                           return;
                         }
                         if (!ec) {
                           on_datagram(std::string_view(buf->data(), n), *from);
                         }
                         do_receive(s, buf, from);
                       });
}

void Discovery::Impl::on_datagram(std::string_view bytes, const udp::endpoint& from) {
  auto a = decode_announcement(bytes);
  if (!a) {
    log::debug("net", "discovery: ignoring a datagram from {}: {}", from.address().to_string(),
               a.error().message());
    return;
  }
  if (a->host == options.self || a->host == 0) {
    return;
  }
  asio::error_code ec;
  asio::ip::make_address_v4(a->address, ec);
  std::string address = ec ? from.address().to_string() : a->address;
  std::sort(a->params.begin(), a->params.end());
  if (params_digest(a->params) != digest) {
    refuse(*a, address);
    return;
  }
  accept({a->host, address, a->int_port, a->svr_port, a->mgt_port});
}

void Discovery::Impl::refuse(const Announcement& a, const std::string& address) {
  std::map<std::string, std::string> ours(options.params.begin(), options.params.end());
  std::map<std::string, std::string> theirs(a.params.begin(), a.params.end());
  RefusedHost r{a.host, address, differing_params(options.params, a.params), {}};
  std::string details;
  for (const auto& name : r.parameters) {
    details += fmt::format("{}{} (ours {}, theirs {})", details.empty() ? "" : "; ", name,
                           value_or_unset(ours, name), value_or_unset(theirs, name));
  }
  r.message =
      fmt::format("store-wide {}: {}",
                  r.parameters.size() == 1 ? "parameter differs" : "parameters differ", details);
  std::string their_digest = params_digest(a.params);
  std::lock_guard<std::mutex> lock(mu);
  if (refused_digest[a.host] != their_digest) {
    refused_digest[a.host] = their_digest;
    log::warn("net", "refusing host {} at {}: {}", a.host, address, r.message);
  }
  refused[a.host] = std::move(r);
}

void Discovery::Impl::accept(const DiscoveredHost& h) {
  {
    std::lock_guard<std::mutex> lock(mu);
    refused.erase(h.id);
    refused_digest.erase(h.id);
    auto it = hosts.find(h.id);
    if (it != hosts.end() && it->second == h) {
      return;
    }
    hosts[h.id] = h;
  }
  log::info("net", "discovered host {} at {} (int_port {})", h.id, h.address, h.int_port);
  if (on_host) {
    on_host(h);
  }
}

void Discovery::Impl::announce() {
  asio::error_code ec;
  if (options.use_multicast) {
    udp::endpoint to(asio::ip::make_address_v4(options.mcast_ip), options.mgt_port);
    unicast.send_to(asio::buffer(announcement), to, 0, ec);
  } else {
    for (const auto& addr : options.host_list) {
      if (addr != options.address) {
        udp::endpoint to(asio::ip::make_address_v4(addr, ec), options.mgt_port);
        unicast.send_to(asio::buffer(announcement), to, 0, ec);
      }
    }
  }
  if (ec) {
    log::debug("net", "discovery: announcement not sent: {}", ec.message());
  }
  timer.expires_after(options.period);
  timer.async_wait([this](asio::error_code e) {
    // A wait that completed just before stop() closed the socket still runs (without an
    // error); announcing then would set the timer again and stop() would wait forever.
    if (!e && unicast.is_open()) {
      announce();
    }
  });
}

Discovery::Discovery(DiscoveryOptions options, DiscoveryCallback on_host)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(on_host))) {}

Discovery::~Discovery() { stop(); }

void Discovery::set_params(StoreParams params) {
  asio::post(impl_->io, [impl = impl_.get(), params = std::move(params)]() mutable {
    impl->use_params(std::move(params));
    std::lock_guard<std::mutex> lock(impl->mu);
    impl->refused.clear();  // refusals were judged against the old values
    impl->refused_digest.clear();
  });
}

Status Discovery::start() {
  if (impl_->started) {
    return Status(StatusCode::kInvalidArgument, "discovery already started");
  }
  SOSS_RETURN_IF_ERROR(impl_->options.validate());
  SOSS_RETURN_IF_ERROR(impl_->open_sockets());
  impl_->started = true;
  impl_->work.emplace(impl_->io.get_executor());
  auto make_buf = [] { return std::make_shared<std::array<char, 65536>>(); };
  impl_->do_receive(impl_->unicast, make_buf(), std::make_shared<udp::endpoint>());
  if (impl_->options.use_multicast) {
    impl_->do_receive(impl_->group, make_buf(), std::make_shared<udp::endpoint>());
  }
  asio::post(impl_->io, [this] { impl_->announce(); });
  impl_->thread = std::thread([this] { impl_->io.run(); });
  return Status::ok();
}

void Discovery::stop() {
  if (!impl_->started) {
    return;
  }
  impl_->started = false;
  asio::post(impl_->io, [this] {
    asio::error_code ignored;
    impl_->timer.cancel();
    impl_->unicast.close(ignored);
    impl_->group.close(ignored);
  });
  impl_->work.reset();
  impl_->thread.join();  // run() returns once the closed sockets' handlers have finished
}

std::vector<DiscoveredHost> Discovery::hosts() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::vector<DiscoveredHost> out;
  for (const auto& [id, h] : impl_->hosts) {
    out.push_back(h);
  }
  return out;
}

std::vector<RefusedHost> Discovery::refused() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::vector<RefusedHost> out;
  for (const auto& [id, r] : impl_->refused) {
    out.push_back(r);
  }
  return out;
}

}  // namespace soss::net
