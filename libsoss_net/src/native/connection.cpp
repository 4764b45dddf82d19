// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "native/connection.hpp"

#include <utility>

#include "soss/core/common/log.hpp"
#include "soss/net/codec.hpp"

namespace soss::net::detail {

namespace {
constexpr DoorWords kWords{"connection", "frame"};
}  // namespace

Connection::Connection(asio::ip::tcp::socket socket, RequestHandler& handler, Listener listener,
                       std::uint32_t max_frame_bytes, SharedCounters& counters,
                       std::shared_ptr<ServerLife> life, WriteBatch& batch, InputBudget* budget)
    : ConnectionBase(std::move(socket), counters, batch, budget, kWords,
                     listener == Listener::kManagement ? &counters.open_mgt : nullptr),
      handler_(handler),
      caller_{listener, handler.initial_role(), {}},
      max_frame_bytes_(max_frame_bytes),
      counters_(counters),
      life_(std::move(life)) {}

void Connection::on_input(std::size_t) {
  if (!process_frames()) {
    counters_.protocol_errors++;
    close();
    return;
  }
  queue_write();
  if (!closed()) {
    do_read();
  }
}

bool Connection::process_frames() {
  std::size_t pos = 0;
  batch_.clear();
  batch_ids_.clear();
  wanted_ = 0;
  while (in_.size() - pos >= kFrameHeaderBytes) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(in_.data() + pos);
    auto header = parse_header(p, max_frame_bytes_);
    if (!header) {
      log::warn("net", "closing connection {}: {}", peer(), header.error().to_string());
      return false;
    }
    std::size_t whole = kFrameHeaderBytes + header->body_length;
    if (in_.size() - pos < whole) {
      wanted_ = whole;  // at the front once consumed; the next reads complete it
      break;
    }
    std::string_view body(in_.data() + pos + kFrameHeaderBytes, header->body_length);
    if (!decode_frame(*header, body)) {
      return false;
    }
    pos += whole;
  }
  in_.consume(pos);
  on_bytes(in_.size() > 0);
  // A pipelined batch: let the handler start loading every object before handling the first,
  // so the cache misses of the batch overlap instead of queueing one after another.
  if (batch_.size() > 1) {
    handler_.prefetch(batch_);
  }
  for (std::size_t i = 0; i < batch_.size(); ++i) {
    handle_request(batch_ids_[i], batch_[i]);
  }
  return true;
}

bool Connection::decode_frame(const FrameHeader& header, std::string_view body) {
  if ((header.flags & kFlagResponse) != 0) {
    log::warn("net", "closing connection {}: a client sent a response frame", peer());
    return false;
  }
  auto request = decoder_.request(header, body);
  if (!request) {
    log::warn("net", "closing connection {}: {}", peer(), request.error().to_string());
    return false;
  }
  batch_.push_back(std::move(*request));
  batch_ids_.push_back(header.request_id);
  return true;
}

void Connection::handle_request(std::uint64_t id, const core::Request& request) {
  if (caller_.listener == Listener::kObjects) {
    counters_.requests++;  // the clients' requests: management polling is not load
  }
  core::OpCode op = request.op;
  // A late answer holds the connection only weakly: the connection belongs to its io context,
  // and the store may keep (and finally answer) a waiter after the server has stopped.
  std::weak_ptr<ConnectionBase> weak = shared_from_this();
  auto executor = socket_.get_executor();
  auto later = [weak, executor, life = life_, id, op](core::Response r) {
    life->if_running([&] {
      asio::post(executor, [weak, id, op, r = std::move(r)]() {
        if (auto base = weak.lock()) {
          auto& self = static_cast<Connection&>(*base);
          self.reply(id, op, r);
          self.queue_write();
        }
      });
    });
  };
  auto response = handler_.handle(request, caller_, std::move(later));
  if (response) {
    reply(id, op, *response);
  }
}

void Connection::reply(std::uint64_t request_id, core::OpCode op, const core::Response& response) {
  if (!closed()) {
    encoder_.response(request_id, op, response, out_);
  }
}

}  // namespace soss::net::detail
