// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/net/peer_links.hpp"

#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "peer/peer_in_link.hpp"
#include "peer/peer_out_link.hpp"
#include "soss/core/common/log.hpp"

namespace soss::net {

using asio::ip::tcp;

namespace detail {

Result<PeerHello> check_hello(const FrameBuf& buf, const PeerLinksOptions& options,
                              core::HostId expected) {
  if (buf.header.opcode != kOpPeerHello) {
    return Status(StatusCode::kProtocolError,
                  fmt::format("expected a hello frame, got opcode {}", buf.header.opcode));
  }
  auto hello = decode_hello(buf.body);
  if (!hello) {
    return hello;
  }
  if (hello->digest != options.digest) {
    return Status(
        StatusCode::kConfigError,
        fmt::format("host {} has other store-wide parameters (digest {} vs ours {})", hello->host,
                    hello->digest.substr(0, 12), options.digest.substr(0, 12)));
  }
  if (hello->host == 0 || hello->host == options.self) {
    return Status(StatusCode::kConfigError,
                  fmt::format("peer claims host id {}, which is ours or 0", hello->host));
  }
  if (expected != 0 && hello->host != expected) {
    return Status(StatusCode::kConfigError,
                  fmt::format("expected host {} but host {} answered", expected, hello->host));
  }
  if (!options.secret.empty() && hello->nonce.size() < 16) {
    return Status(StatusCode::kConfigError,
                  fmt::format("host {} proves no store secret (its auth_file names no access "
                              "file, or an older soss); this store has one",
                              hello->host));
  }
  if (options.secret.empty() && !hello->nonce.empty()) {
    return Status(
        StatusCode::kConfigError,
        fmt::format("host {} uses a store secret (auth_file) and this host has none", hello->host));
  }
  return hello;
}

}  // namespace detail

Status PeerLinksOptions::validate() const {
  asio::error_code ec;
  asio::ip::make_address_v4(address, ec);
  if (ec) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("links address '{}' is not an IPv4 address", address));
  }
  if (self == 0) {
    return Status(StatusCode::kInvalidArgument, "links self host id must not be 0");
  }
  if (min_backoff.count() <= 0 || max_backoff < min_backoff) {
    return Status(StatusCode::kInvalidArgument, "links backoff must be 0 < min <= max");
  }
  if (max_queue_bytes == 0 || hello_timeout.count() <= 0) {
    return Status(StatusCode::kInvalidArgument,
                  "links max_queue_bytes and hello_timeout must be positive");
  }
  return Status::ok();
}

struct PeerLinks::Impl {
  PeerLinksOptions options;
  PeerReceiver receiver;
  detail::LinkCounters counters;
  detail::LinksContext ctx{options, receiver, counters, {}};
  std::unique_ptr<asio::io_context> own_io;  // null when running on a shared io_context
  asio::io_context& io;                      // declared before everything that holds io objects
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  tcp::acceptor acceptor{io};
  std::thread thread;
  bool started = false;
  bool stopped = false;

  mutable std::mutex mu;  // guards `out` and `started` for add_peer/send
  std::unordered_map<core::HostId, std::shared_ptr<detail::OutLink>> out;
  std::unordered_map<detail::InLink*, std::shared_ptr<detail::InLink>> in;  // io thread only

  Impl(PeerLinksOptions o, PeerReceiver r, asio::io_context* shared)
      : options(std::move(o)),
        receiver(std::move(r)),
        own_io(shared == nullptr ? std::make_unique<asio::io_context>() : nullptr),
        io(shared != nullptr ? *shared : *own_io) {}

  Status bind() {
    asio::error_code ec;
    tcp::endpoint ep(asio::ip::make_address_v4(options.address, ec), options.port);
    acceptor.open(ep.protocol(), ec);
    if (!ec) {
      acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    }
    if (!ec) {
      acceptor.bind(ep, ec);
    }
    if (!ec) {
      acceptor.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
      return Status(
          StatusCode::kUnavailable,
          fmt::format("cannot listen on {}:{}: {}", options.address, options.port, ec.message()));
    }
    return Status::ok();
  }

  // Our hello (io thread, or before it runs), sent first on every link.
  void encode_hello() {
    asio::error_code ec;
    auto local = acceptor.local_endpoint(ec);
    ctx.hello = PeerHello{
        options.self, options.address, ec ? options.port : local.port(), options.digest, {}, {}};
  }

  void do_accept() {
    acceptor.async_accept([this](asio::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) {
        return;
      }
      if (!ec) {
        auto link = std::make_shared<detail::InLink>(std::move(socket), ctx,
                                                     [this](detail::InLink* l) { in.erase(l); });
        in.emplace(link.get(), link);
        link->start();
      } else {
        log::warn("net", "links accept on {}: {}", options.address, ec.message());
      }
      do_accept();
    });
  }

  void close_all() {
    asio::error_code ignored;
    acceptor.close(ignored);
    for (auto& [p, link] : in) {
      link->close();
    }
    in.clear();
    std::lock_guard<std::mutex> lock(mu);
    for (auto& [id, link] : out) {
      link->close();
    }
    out.clear();
  }
};

PeerLinks::PeerLinks(PeerLinksOptions options, PeerReceiver receiver, asio::io_context* shared_io)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(receiver), shared_io)) {}

PeerLinks::~PeerLinks() { stop(); }

void PeerLinks::set_digest(std::string digest) {
  // Applied on the io thread, which alone reads the options' digest and the hello frame.
  asio::post(impl_->io, [impl = impl_.get(), digest = std::move(digest)]() mutable {
    impl->options.digest = std::move(digest);
    impl->encode_hello();
  });
}

Status PeerLinks::start() {
  if (impl_->started || impl_->stopped) {
    return Status(StatusCode::kInvalidArgument, "links already started");
  }
  SOSS_RETURN_IF_ERROR(impl_->options.validate());
  SOSS_RETURN_IF_ERROR(impl_->bind());
  impl_->encode_hello();
  if (impl_->own_io) {
    impl_->work.emplace(impl_->io.get_executor());
  }
  impl_->do_accept();
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->started = true;
    for (auto& [id, link] : impl_->out) {
      asio::post(impl_->io, [link = link] { link->start(); });
    }
  }
  if (impl_->own_io) {
    impl_->thread = std::thread([this] { impl_->io.run(); });
  }
  log::info("net", "host {} links listening on {}:{}", impl_->options.self, impl_->options.address,
            port());
  return Status::ok();
}

void PeerLinks::stop() {
  if (!impl_->started || impl_->stopped) {
    return;
  }
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stopped = true;
  }
  std::promise<void> done;
  asio::post(impl_->io, [this, &done] {
    impl_->close_all();
    done.set_value();
  });
  done.get_future().wait();
  if (impl_->own_io) {
    impl_->work.reset();
    impl_->io.stop();
    impl_->thread.join();
  }
}

std::uint16_t PeerLinks::port() const {
  asio::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void PeerLinks::add_peer(core::HostId id, const std::string& address, std::uint16_t port) {
  asio::error_code ec;
  tcp::endpoint to(asio::ip::make_address_v4(address, ec), port);
  if (ec || id == 0 || id == impl_->options.self) {
    log::warn("net", "links: ignoring peer {} at '{}':{}", id, address, port);
    return;
  }
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (impl_->stopped) {
    return;
  }
  auto it = impl_->out.find(id);
  if (it == impl_->out.end()) {
    auto link = std::make_shared<detail::OutLink>(impl_->io, impl_->ctx, id, to);
    impl_->out.emplace(id, link);
    if (impl_->started) {
      asio::post(impl_->io, [link] { link->start(); });
    }
    return;
  }
  asio::post(impl_->io, [link = it->second, to] { link->retarget(to); });
}

void PeerLinks::remove_peer(core::HostId id) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto it = impl_->out.find(id);
  if (it == impl_->out.end()) {
    return;
  }
  asio::post(impl_->io, [link = it->second] { link->close(); });
  impl_->out.erase(it);
}

void PeerLinks::send(core::HostId to, const core::ClusterMessage& message) {
  std::string frame;
  append_cluster_frame(message, frame);
  std::shared_ptr<detail::OutLink> link;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    auto it = impl_->out.find(to);
    if (it != impl_->out.end() && !impl_->stopped) {
      link = it->second;
    }
  }
  if (!link) {
    ++impl_->counters.dropped;
    return;
  }
  link->enqueue(std::move(frame));
}

bool PeerLinks::connected(core::HostId id) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto it = impl_->out.find(id);
  return it != impl_->out.end() && it->second->ready();
}

PeerLinksStats PeerLinks::stats() const {
  const auto& c = impl_->counters;
  return {c.sent.load(),       c.dropped.load(), c.received.load(),
          c.handshakes.load(), c.refused.load(), c.protocol_errors.load()};
}

}  // namespace soss::net
