// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "bench_runner.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <random>

#include <asio.hpp>
#include <fmt/format.h>

#include "soss/client/admin.hpp"
#include "soss/core/store/partitioning.hpp"
#include "soss/net/codec.hpp"

namespace soss::apps {
namespace {

using Clock = std::chrono::steady_clock;

// Pre-built request frames: one put and one read per key, so the generator spends its time on
// the network, not on hashing and encoding. Request ids are patched in place (bytes 8..15).
struct FrameBank {
  std::vector<std::string> puts;
  std::vector<std::string> reads;
};

FrameBank build_frames(const BenchOptions& o, bool need_puts, bool need_reads) {
  FrameBank bank;
  core::NamespaceId ns = core::namespace_id_of(o.ns);
  std::string value(o.value_size, 'x');
  for (std::uint32_t i = 0; i < o.keys; ++i) {
    std::string name = fmt::format("key:{:012}", i);
    core::Request r;
    r.id = {ns, core::key_of(name)};
    if (need_puts) {
      r.op = core::OpCode::kPut;
      r.ns_name = o.ns;
      r.key_name = name;
      r.value = value;
      std::string f;
      net::encode_request(0, r, f);
      bank.puts.push_back(std::move(f));
    }
    if (need_reads) {
      core::Request g;
      g.op = core::OpCode::kRead;
      g.id = r.id;
      std::string f;
      net::encode_request(0, g, f);
      bank.reads.push_back(std::move(f));
    }
  }
  return bank;
}

void patch_id(std::string& frame, std::uint64_t id) {
  for (int i = 0; i < 8; ++i) {
    frame[static_cast<std::size_t>(8 + i)] = static_cast<char>(id >> (8 * i));
  }
}

struct Shared {
  const BenchOptions& o;
  FrameBank& bank;
  std::mt19937_64 rng;
  Clock::time_point deadline;
  std::uint64_t issued = 0;
  std::uint64_t next_fill = 0;
  bool fill = false;
  BenchResult result;
  std::vector<std::uint32_t> lat_us;
  Status failure;
};

// One connection of the load: batch out, wait for every reply, repeat.
class BenchConn : public std::enable_shared_from_this<BenchConn> {
 public:
  // `keys`: the keys this connection asks for (those whose primary it is connected to); null =
  // every key.
  BenchConn(asio::io_context& io, Shared& s, const std::vector<std::uint32_t>* keys)
      : socket_(io), s_(s), keys_(keys) {}

  Status connect(const asio::ip::tcp::endpoint& ep) {
    asio::error_code ec;
    socket_.connect(ep, ec);
    if (ec) {
      return Status(StatusCode::kUnavailable,
                    fmt::format("cannot connect to {}:{}: {}", ep.address().to_string(), ep.port(),
                                ec.message()));
    }
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    return s_.o.credentials.user.empty() ? Status::ok() : authenticate();
  }

  void send_batch() {
    out_.clear();
    outstanding_ = 0;
    for (int i = 0; i < s_.o.pipeline && more(); ++i) {
      out_ += next_frame();
      ++outstanding_;
    }
    if (outstanding_ == 0) {
      return;
    }
    sent_at_ = Clock::now();
    auto self = shared_from_this();
    asio::async_write(socket_, asio::buffer(out_), [this, self](asio::error_code ec, std::size_t) {
      if (ec) {
        fail(ec);
        return;
      }
      read_more();
    });
  }

 private:
  // Before the load starts, blocking: `auth`, and its answer must be Ok.
  Status authenticate() {
    std::string frame;
    net::encode_request(0, core::auth_request(s_.o.credentials), frame);
    asio::error_code ec;
    asio::write(socket_, asio::buffer(frame), ec);
    std::uint8_t header_bytes[net::kFrameHeaderBytes];
    if (!ec) {
      asio::read(socket_, asio::buffer(header_bytes), ec);
    }
    if (ec) {
      return Status(StatusCode::kUnavailable, "auth: " + ec.message());
    }
    auto header = net::parse_header(header_bytes, net::kDefaultMaxFrameBytes);
    if (!header) {
      return header.error();
    }
    std::string body(header->body_length, '\0');
    asio::read(socket_, asio::buffer(body), ec);
    auto answer = ec ? Result<core::Response>(Status(StatusCode::kUnavailable, ec.message()))
                     : net::decode_response(body);
    if (!answer) {
      return answer.error();
    }
    if (answer->code != StatusCode::kOk) {
      return Status(StatusCode::kUnauthorized, fmt::format("the store refused user '{}': {}",
                                                           s_.o.credentials.user, answer->message));
    }
    return Status::ok();
  }

  bool more() const {
    if (s_.fill) {
      return s_.next_fill < s_.o.keys;
    }
    return Clock::now() < s_.deadline && (s_.o.max_requests == 0 || s_.issued < s_.o.max_requests);
  }

  std::string next_frame() {
    ++s_.issued;
    std::string f;
    if (s_.fill) {
      f = s_.bank.puts[s_.next_fill++];
    } else {
      auto k = keys_ != nullptr ? (*keys_)[s_.rng() % keys_->size()]
                                : static_cast<std::size_t>(s_.rng() % s_.o.keys);
      bool read = s_.o.read_fraction > 0 &&
                  (s_.o.read_fraction >= 1 ||
                   static_cast<double>(s_.rng() % 1000000) / 1e6 < s_.o.read_fraction);
      f = read ? s_.bank.reads[k] : s_.bank.puts[k];
    }
    patch_id(f, s_.issued);
    return f;
  }

  void read_more() {
    if (in_.size() < used_ + 65536) {
      in_.resize(used_ + 65536);
    }
    auto self = shared_from_this();
    socket_.async_read_some(asio::buffer(in_.data() + used_, in_.size() - used_),
                            [this, self](asio::error_code ec, std::size_t n) {
                              if (ec) {
                                fail(ec);
                                return;
                              }
                              used_ += n;
                              consume();
                            });
  }

  void consume() {
    std::size_t pos = 0;
    while (used_ - pos >= net::kFrameHeaderBytes) {
      auto h =
          net::parse_header(reinterpret_cast<const std::uint8_t*>(in_.data() + pos), 0xFFFFFFFFu);
      if (!h) {
        s_.failure = h.error();
        return;
      }
      std::size_t whole = net::kFrameHeaderBytes + h->body_length;
      if (used_ - pos < whole) {
        break;
      }
      record(std::string_view(in_.data() + pos + net::kFrameHeaderBytes, h->body_length));
      pos += whole;
    }
    if (pos < used_) {
      std::memmove(in_.data(), in_.data() + pos, used_ - pos);
    }
    used_ -= pos;
    if (outstanding_ > 0) {
      read_more();
    } else {
      send_batch();
    }
  }

  void record(std::string_view body) {
    --outstanding_;
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - sent_at_);
    s_.lat_us.push_back(static_cast<std::uint32_t>(us.count()));
    ++s_.result.requests;
    // The status code is the first two bytes of the body (little-endian u16).
    auto code = static_cast<StatusCode>(static_cast<std::uint8_t>(body[0]) |
                                        (static_cast<std::uint8_t>(body[1]) << 8));
    if (code == StatusCode::kNotFound) {
      ++s_.result.misses;
    } else if (!is_success(code)) {
      ++s_.result.errors;
      if (s_.result.first_error.empty()) {
        auto r = net::decode_response(body);
        s_.result.first_error = r ? Status(r->code, r->message).to_string() : "undecodable";
      }
    }
  }

  void fail(const asio::error_code& ec) {
    if (s_.failure.is_ok()) {
      s_.failure = Status(StatusCode::kUnavailable, "connection lost: " + ec.message());
    }
  }

  asio::ip::tcp::socket socket_;
  Shared& s_;
  const std::vector<std::uint32_t>* keys_;
  std::string out_;
  std::string in_;
  std::size_t used_ = 0;
  int outstanding_ = 0;
  Clock::time_point sent_at_;
};

double percentile(const std::vector<std::uint32_t>& sorted, double p) {
  if (sorted.empty()) {
    return 0;
  }
  auto i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1));
  return sorted[i] / 1000.0;
}

// Where the load goes: one host and its keys (all of them when keys is empty).
struct Target {
  asio::ip::tcp::endpoint ep;
  std::vector<std::uint32_t> keys;
};

// As the client library does, each request goes to its partition's primary: the host is asked
// for the routing table, and every key is given to the host that is its primary. A lone store
// has no table (everything goes to `ep`), nor does a run with routing off.
Result<std::vector<Target>> route_targets(const BenchOptions& o,
                                          const asio::ip::tcp::endpoint& ep) {
  std::vector<Target> targets{Target{ep, {}}};
  if (!o.route) {
    return targets;
  }
  client::AdminOptions admin;
  admin.timeout = std::chrono::seconds(10);
  admin.user = o.credentials.user;
  admin.password = o.credentials.password;
  client::RoutingInfo table = client::Admin(admin).routing(client::Gateway{o.host, o.port});
  if (!table.ok()) {
    return Status(static_cast<StatusCode>(table.result), table.message);
  }
  if (!table.has_table) {
    return targets;
  }
  targets.clear();
  for (const auto& [address, port] : table.hosts) {
    asio::error_code ec;
    targets.push_back(Target{{asio::ip::make_address(address, ec), port}, {}});
    if (ec) {
      return Status(StatusCode::kProtocolError, "routing table names a bad address " + address);
    }
  }
  core::NamespaceId ns = core::namespace_id_of(o.ns);
  for (std::uint32_t i = 0; i < o.keys; ++i) {
    core::ObjectId id{ns, core::key_of(fmt::format("key:{:012}", i))};
    std::uint16_t h = table.primary[core::partition_of(id)];
    targets[h == client::RoutingInfo::kNoPrimary ? 0 : h].keys.push_back(i);
  }
  std::erase_if(targets, [](const Target& t) { return t.keys.empty(); });
  return targets;
}

// The connections, spread over the targets in proportion to their keys (at least one each).
Status run_phase(Shared& s, const std::vector<Target>& targets, int connections) {
  asio::io_context io(1);
  std::vector<std::shared_ptr<BenchConn>> conns;
  std::size_t all = 0;
  for (const Target& t : targets) {
    all += t.keys.empty() ? s.o.keys : t.keys.size();
  }
  for (const Target& t : targets) {
    const std::size_t mine = t.keys.empty() ? s.o.keys : t.keys.size();
    const int n =
        std::max(1, static_cast<int>(static_cast<double>(connections) * static_cast<double>(mine) /
                                         static_cast<double>(all) +
                                     0.5));
    for (int i = 0; i < n; ++i) {
      auto c = std::make_shared<BenchConn>(io, s, t.keys.empty() ? nullptr : &t.keys);
      SOSS_RETURN_IF_ERROR(c->connect(t.ep));
      conns.push_back(c);
    }
  }
  for (auto& c : conns) {
    c->send_batch();
  }
  io.run();
  return s.failure;
}

}  // namespace

Result<BenchResult> run_bench(const BenchOptions& o) {
  asio::error_code ec;
  auto address = asio::ip::make_address(o.host, ec);
  if (ec) {
    return Status(StatusCode::kInvalidArgument, fmt::format("'{}' is not an IP address", o.host));
  }
  asio::ip::tcp::endpoint ep(address, o.port);
  bool need_puts = o.read_fraction < 1.0 || o.prefill;
  FrameBank bank = build_frames(o, need_puts, o.read_fraction > 0.0);
  Shared s{o, bank, std::mt19937_64(o.seed), {}, 0, 0, false, {}, {}, Status::ok()};
  if (o.prefill) {
    s.fill = true;
    SOSS_RETURN_IF_ERROR(run_phase(s, {Target{ep, {}}}, std::min(o.connections, 8)));
    if (s.result.errors > 0) {
      return Status(StatusCode::kInternal, "prefill failed: " + s.result.first_error);
    }
    s.fill = false;
    s.result = {};
    s.lat_us.clear();
    s.issued = 0;
  }
  s.lat_us.reserve(1 << 20);
  auto start = Clock::now();
  s.deadline = start + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(o.duration_s));
  auto targets = route_targets(o, ep);
  if (!targets) {
    return targets.error();
  }
  SOSS_RETURN_IF_ERROR(run_phase(s, *targets, o.connections));
  BenchResult r = s.result;
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.ops_per_s = r.seconds > 0 ? static_cast<double>(r.requests) / r.seconds : 0;
  std::sort(s.lat_us.begin(), s.lat_us.end());
  r.p50_ms = percentile(s.lat_us, 0.50);
  r.p99_ms = percentile(s.lat_us, 0.99);
  r.p999_ms = percentile(s.lat_us, 0.999);
  r.max_ms = s.lat_us.empty() ? 0 : s.lat_us.back() / 1000.0;
  double sum = 0;
  for (auto v : s.lat_us) {
    sum += v;
  }
  r.avg_ms = s.lat_us.empty() ? 0 : sum / static_cast<double>(s.lat_us.size()) / 1000.0;
  return r;
}

std::string format_result_text(const BenchOptions& o, const BenchResult& r) {
  return fmt::format(
      "soss_bench {}:{} conns={} pipeline={} value={}B keys={} reads={:.0f}%\n"
      "  requests {}  in {:.2f}s  = {:.0f} ops/s\n"
      "  latency ms: avg {:.3f}  p50 {:.3f}  p99 {:.3f}  p99.9 {:.3f}  max {:.3f}\n"
      "  misses {}  errors {}{}\n",
      o.host, o.port, o.connections, o.pipeline, o.value_size, o.keys, o.read_fraction * 100,
      r.requests, r.seconds, r.ops_per_s, r.avg_ms, r.p50_ms, r.p99_ms, r.p999_ms, r.max_ms,
      r.misses, r.errors, r.first_error.empty() ? "" : " (first: " + r.first_error + ")");
}

std::string format_result_json(const BenchOptions& o, const BenchResult& r) {
  return fmt::format(
      "{{\"host\":\"{}\",\"port\":{},\"connections\":{},\"pipeline\":{},\"value_size\":{},"
      "\"keys\":{},\"read_fraction\":{},\"requests\":{},\"seconds\":{:.3f},\"ops_per_s\":{:.1f},"
      "\"avg_ms\":{:.4f},\"p50_ms\":{:.4f},\"p99_ms\":{:.4f},\"p999_ms\":{:.4f},\"max_ms\":{:.4f},"
      "\"misses\":{},\"errors\":{}}}\n",
      o.host, o.port, o.connections, o.pipeline, o.value_size, o.keys, o.read_fraction, r.requests,
      r.seconds, r.ops_per_s, r.avg_ms, r.p50_ms, r.p99_ms, r.p999_ms, r.max_ms, r.misses,
      r.errors);
}

}  // namespace soss::apps
