// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "native/connection.hpp"

#include <cstring>
#include <utility>

#include "io/write_now.hpp"
#include "soss/core/common/log.hpp"
#include "soss/net/codec.hpp"

namespace soss::net::detail {

Connection::Connection(asio::ip::tcp::socket socket, RequestHandler& handler, Listener listener,
                       std::uint32_t max_frame_bytes, SharedCounters& counters,
                       std::shared_ptr<ServerLife> life, WriteBatch& batch, InputBudget* budget)
    : socket_(std::move(socket)),
      handler_(handler),
      caller_{listener, handler.initial_role(), {}},
      max_frame_bytes_(max_frame_bytes),
      counters_(counters),
      life_(std::move(life)),
      writes_(batch),
      in_(budget, *this) {
  asio::error_code ec;
  auto ep = socket_.remote_endpoint(ec);
  peer_ = ec ? std::string("?") : ep.address().to_string() + ":" + std::to_string(ep.port());
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  counters_.open++;
  counters_.accepted++;
  if (caller_.listener == Listener::kManagement) {
    counters_.open_mgt++;
  }
}

Connection::~Connection() {
  counters_.open--;
  if (caller_.listener == Listener::kManagement) {
    counters_.open_mgt--;
  }
}

void Connection::shed() {
  asio::post(socket_.get_executor(), [weak = weak_from_this()] {
    if (auto self = weak.lock()) {
      self->close();
    }
  });
}

void Connection::start() {
  // Replies are written with write_some first (write_now): it must not block.
  asio::error_code ec;
  socket_.non_blocking(true, ec);
  do_read();
}

void Connection::close() {
  if (closed_) {
    return;
  }
  closed_ = true;
  asio::error_code ec;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  socket_.close(ec);
}

void Connection::do_read() {
  if (!in_.prepare(wanted_)) {
    log::warn("net", "closing connection {}: its {}-byte frame does not fit the input budget now",
              peer_, wanted_);
    close();
    return;
  }
  auto self = shared_from_this();
  socket_.async_read_some(asio::buffer(in_.space(), in_.space_size()),
                          [this, self](const asio::error_code& ec, std::size_t n) {
                            if (ec) {
                              if (ec != asio::error::eof && ec != asio::error::operation_aborted &&
                                  ec != asio::error::connection_reset) {
                                log::debug("net", "connection {} read error: {}", peer_,
                                           ec.message());
                              }
                              close();
                              return;
                            }
                            on_read(n);
                          });
}

void Connection::on_read(std::size_t n) {
  in_.commit(n);
  if (!process_frames()) {
    counters_.protocol_errors++;
    close();
    return;
  }
  queue_write();
  if (!closed_) {
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
      log::warn("net", "closing connection {}: {}", peer_, header.error().to_string());
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
    log::warn("net", "closing connection {}: a client sent a response frame", peer_);
    return false;
  }
  auto request = decoder_.request(header, body);
  if (!request) {
    log::warn("net", "closing connection {}: {}", peer_, request.error().to_string());
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
  std::weak_ptr<Connection> weak = shared_from_this();
  auto executor = socket_.get_executor();
  auto later = [weak, executor, life = life_, id, op](core::Response r) {
    life->if_running([&] {
      asio::post(executor, [weak, id, op, r = std::move(r)]() {
        if (auto self = weak.lock()) {
          self->reply(id, op, r);
          self->queue_write();
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
  if (!closed_) {
    encoder_.response(request_id, op, response, out_);
  }
}

// The replies are written by the io thread's WriteBatch, after the other reads that are ready.
void Connection::queue_write() {
  if (write_queued_ || closed_ || out_.empty()) {
    return;
  }
  write_queued_ = true;
  writes_.add(shared_from_this());
}

void Connection::flush_writes() {
  write_queued_ = false;
  do_write();
}

void Connection::do_write() {
  if (write_in_flight_ || out_.empty() || closed_) {
    return;
  }
  std::size_t written = 0;
  if (!write_now(socket_, out_, written)) {
    close();
    return;
  }
  if (out_.empty()) {
    return;
  }
  writing_.swap(out_);
  out_.clear();
  write_in_flight_ = true;
  auto self = shared_from_this();
  asio::async_write(socket_, asio::buffer(writing_),
                    [this, self](const asio::error_code& ec, std::size_t) {
                      write_in_flight_ = false;
                      writing_.clear();
                      if (ec) {
                        close();
                        return;
                      }
                      do_write();
                    });
}

}  // namespace soss::net::detail
