// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Channel: connecting to a gateway, reading replies and writing requests (io thread only).
#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "channel.hpp"
#include "soss/core/common/access.hpp"
#include "soss/net/codec.hpp"
#include "soss/net/frame.hpp"

namespace soss::client::detail {
namespace {

constexpr std::size_t kReadChunk = 64 * 1024;
constexpr int kMaxBackoffAttempt = 16;

std::string describe(const Gateway& gw) {
  bool ipv6 = gw.host.find(':') != std::string::npos;
  return ipv6 ? fmt::format("[{}]:{}", gw.host, gw.port) : fmt::format("{}:{}", gw.host, gw.port);
}

}  // namespace

using core::Response;

void Channel::start_connect() {
  state_ = State::kConnecting;
  gateway_index_ = 0;
  round_errors_.clear();
  try_gateway();
}

void Channel::try_gateway() {
  if (gateway_index_ >= options_.gateways.size()) {
    on_round_failed();
    return;
  }
  const Gateway& gw = options_.gateways[gateway_index_];
  auto link = std::make_shared<Link>(io_);
  link->peer = describe(gw);
  connecting_ = link;
  connect_timer_.expires_after(options_.connect_timeout);
  connect_timer_.async_wait([this, link](const asio::error_code& ec) {
    if (ec || link != connecting_) {
      return;
    }
    // Cancelling makes the pending resolve or connect complete with an error.
    on_gateway_failed(link,
                      fmt::format("no connection within {} ms", options_.connect_timeout.count()));
  });
  resolver_.async_resolve(
      gw.host, std::to_string(gw.port), asio::ip::resolver_base::numeric_service,
      [this, link](const asio::error_code& ec, const asio::ip::tcp::resolver::results_type& r) {
        if (link != connecting_) {
          return;
        }
        if (ec) {
          on_gateway_failed(link, ec.message());
          return;
        }
        asio::async_connect(
            link->socket, r,
            [this, link](const asio::error_code& ec2, const asio::ip::tcp::endpoint&) {
              if (link != connecting_) {
                return;
              }
              if (ec2) {
                on_gateway_failed(link, ec2.message());
                return;
              }
              on_connected(link);
            });
      });
}

void Channel::on_gateway_failed(const std::shared_ptr<Link>& link, const std::string& reason) {
  connect_timer_.cancel();
  resolver_.cancel();
  asio::error_code ignored;
  link->socket.close(ignored);
  connecting_.reset();
  if (!round_errors_.empty()) {
    round_errors_ += "; ";
  }
  round_errors_ += link->peer + ": " + reason;
  ++gateway_index_;
  try_gateway();
}

void Channel::on_connected(const std::shared_ptr<Link>& link) {
  connect_timer_.cancel();
  connecting_.reset();
  link_ = link;
  state_ = State::kConnected;
  connected_ = true;
  reconnect_attempt_ = 0;
  asio::error_code ignored;
  link->socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  do_read(link);
  send_auth(*link);
  std::deque<std::uint64_t> ids;
  ids.swap(waiting_);
  for (std::uint64_t id : ids) {
    send_or_queue(id);
  }
}

// The store handles a connection's requests in order, so the requests queued behind `auth`
// run with the role it gives.
void Channel::send_auth(Link& link) {
  auth_error_.clear();
  if (options_.user.empty()) {
    return;
  }
  net::encode_request(kAuthRequestId,
                      core::auth_request(core::Credentials{options_.user, options_.password}),
                      link.out);
  do_write(link_);
}

void Channel::on_auth_reply(const Response& response) {
  if (response.code != StatusCode::kOk) {
    auth_error_ =
        fmt::format("{} refused user '{}': {}", link_ ? link_->peer : "the store", options_.user,
                    response.message.empty() ? status_code_name(response.code)
                                             : std::string_view(response.message));
  }
}

void Channel::on_round_failed() {
  last_error_ = "no gateway reachable (" + round_errors_ + ")";
  std::deque<std::uint64_t> still_waiting;
  std::vector<std::uint64_t> give_up;
  for (std::uint64_t id : waiting_) {
    auto it = pending_.find(id);
    if (it == pending_.end()) {
      continue;  // timed out meanwhile
    }
    if (++it->second.connect_failures > options_.max_request_retries) {
      give_up.push_back(id);
    } else {
      still_waiting.push_back(id);
    }
  }
  waiting_.swap(still_waiting);
  schedule_reconnect();
  for (std::uint64_t id : give_up) {
    complete(id, Response::of(StatusCode::kUnavailable, last_error_));
  }
}

void Channel::schedule_reconnect() {
  if (state_ == State::kStopped) {
    return;
  }
  state_ = State::kBackoff;
  backoff_timer_.expires_after(backoff_step(reconnect_attempt_));
  reconnect_attempt_ = std::min(reconnect_attempt_ + 1, kMaxBackoffAttempt);
  backoff_timer_.async_wait([this](const asio::error_code& ec) {
    if (ec || state_ != State::kBackoff) {
      return;
    }
    start_connect();
  });
}

void Channel::on_link_lost(const std::shared_ptr<Link>& link, const std::string& reason) {
  if (link != link_) {
    return;
  }
  asio::error_code ignored;
  link->socket.close(ignored);
  link_.reset();
  connected_ = false;
  last_error_ = fmt::format("connection to {} lost: {}", link->peer, reason);
  reconnect_attempt_ = 0;
  schedule_reconnect();
  // Written requests may or may not have been applied: only the caller can decide to retry.
  fail_all(true, StatusCode::kUnavailable, last_error_);
}

void Channel::do_read(const std::shared_ptr<Link>& link) {
  if (link->in.size() < link->in_used + kReadChunk) {
    link->in.resize(link->in_used + kReadChunk);
  }
  link->socket.async_read_some(
      asio::buffer(link->in.data() + link->in_used, link->in.size() - link->in_used),
      [this, link](const asio::error_code& ec, std::size_t n) {
        if (link != link_) {
          return;
        }
        if (ec) {
          on_link_lost(link, ec == asio::error::eof ? "closed by the server" : ec.message());
          return;
        }
        link->in_used += n;
        Status s = process_frames(*link);
        if (!s.is_ok()) {
          on_link_lost(link, s.to_string());
          return;
        }
        do_read(link);
      });
}

Status Channel::process_frames(Link& link) {
  std::size_t pos = 0;
  while (link.in_used - pos >= net::kFrameHeaderBytes) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(link.in.data() + pos);
    auto header = net::parse_header(bytes, net::kDefaultMaxFrameBytes);
    if (!header) {
      return header.error();
    }
    std::size_t whole = net::kFrameHeaderBytes + header->body_length;
    if (link.in_used - pos < whole) {
      if (link.in.size() < pos + whole) {
        link.in.resize(pos + whole);  // room for the whole frame, so the next reads complete it
      }
      break;
    }
    if ((header->flags & net::kFlagResponse) == 0) {
      return Status(StatusCode::kProtocolError, "the server sent a request frame");
    }
    std::string_view body(link.in.data() + pos + net::kFrameHeaderBytes, header->body_length);
    auto response = net::decode_response(body);
    pos += whole;
    // A bad body is delimited by its header: only its own request fails.
    on_reply(header->request_id, response ? std::move(*response) : Response::of(response.error()));
  }
  if (pos > 0) {
    link.in.erase(0, pos);
    link.in_used -= pos;
  }
  if (link.in.size() > kReadChunk * 4 && link.in_used < kReadChunk) {
    link.in.resize(kReadChunk);
    link.in.shrink_to_fit();
  }
  return Status::ok();
}

void Channel::on_reply(std::uint64_t id, Response response) {
  if (id == kAuthRequestId) {
    on_auth_reply(response);
    return;
  }
  if (response.code == StatusCode::kUnauthorized && !auth_error_.empty()) {
    response.message = auth_error_;  // say why: the credentials, not "authentication required"
  }
  auto it = pending_.find(id);
  if (it == pending_.end() || !it->second.sent) {
    return;  // timed out (or unknown): the reply is dropped
  }
  Pending& p = it->second;
  if (response.code == StatusCode::kNotReady &&
      p.not_ready_retries < options_.max_request_retries) {
    p.sent = false;
    p.retry = std::make_unique<asio::steady_timer>(io_, backoff_step(p.not_ready_retries++));
    p.retry->async_wait([this, id](const asio::error_code& ec) {
      if (!ec) {
        send_or_queue(id);
      }
    });
    return;
  }
  complete(id, std::move(response));
}

void Channel::do_write(const std::shared_ptr<Link>& link) {
  if (link->writing || link->out.empty()) {
    return;
  }
  auto buffer = std::make_shared<std::string>();
  buffer->swap(link->out);
  link->writing = true;
  asio::async_write(link->socket, asio::buffer(*buffer),
                    [this, link, buffer](const asio::error_code& ec, std::size_t) {
                      link->writing = false;
                      if (link != link_) {
                        return;
                      }
                      if (ec) {
                        on_link_lost(link, ec.message());
                        return;
                      }
                      do_write(link);
                    });
}

}  // namespace soss::client::detail
