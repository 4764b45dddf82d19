// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "io/connection_base.hpp"

#include <utility>

#include "io/write_now.hpp"
#include "soss/core/common/log.hpp"

namespace soss::net::detail {

ConnectionBase::ConnectionBase(asio::ip::tcp::socket socket, DoorCounters& counters,
                               WriteBatch& batch, InputBudget* budget, DoorWords words,
                               std::atomic<std::uint64_t>* also_open)
    : socket_(std::move(socket)),
      writes_(batch),
      in_(budget, *this),
      counters_(counters),
      also_open_(also_open),
      words_(words) {
  asio::error_code ec;
  auto ep = socket_.remote_endpoint(ec);
  peer_ = ec ? std::string("?") : ep.address().to_string() + ":" + std::to_string(ep.port());
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  counters_.open++;
  counters_.accepted++;
  if (also_open_ != nullptr) {
    (*also_open_)++;
  }
}

ConnectionBase::~ConnectionBase() {
  counters_.open--;
  if (also_open_ != nullptr) {
    (*also_open_)--;
  }
}

void ConnectionBase::start() {
  // Replies are written with write_some first (write_now): it must not block.
  asio::error_code ec;
  socket_.non_blocking(true, ec);
  do_read();
}

void ConnectionBase::close() {
  if (closed_) {
    return;
  }
  closed_ = true;
  asio::error_code ec;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  socket_.close(ec);
  on_closed();
}

void ConnectionBase::shed() {
  asio::post(socket_.get_executor(), [weak = weak_from_this()] {
    if (auto self = weak.lock()) {
      self->close();
    }
  });
}

void ConnectionBase::do_read() {
  if (!in_.prepare(bytes_wanted())) {
    log::warn("net", "closing {} {}: its {}-byte {} does not fit the input budget now",
              words_.connection, peer_, bytes_wanted(), words_.message);
    close();
    return;
  }
  auto self = shared_from_this();
  socket_.async_read_some(asio::buffer(in_.space(), in_.space_size()),
                          [this, self](const asio::error_code& ec, std::size_t n) {
                            if (ec) {
                              if (ec != asio::error::eof && ec != asio::error::operation_aborted &&
                                  ec != asio::error::connection_reset) {
                                log::debug("net", "{} {} read error: {}", words_.connection, peer_,
                                           ec.message());
                              }
                              close();
                              return;
                            }
                            in_.commit(n);
                            on_input(n);
                          });
}

void ConnectionBase::queue_write() {
  if (write_queued_ || closed_ || (out_.empty() && !close_after_write_)) {
    return;
  }
  write_queued_ = true;
  writes_.add(shared_from_this());
}

void ConnectionBase::flush_writes() {
  write_queued_ = false;
  do_write();
  after_write(true);
}

void ConnectionBase::do_write() {
  if (write_in_flight_ || closed_) {
    return;
  }
  if (out_.empty()) {
    if (close_after_write_) {
      close();
    }
    return;
  }
  std::size_t written = 0;
  if (!write_now(socket_, out_, written)) {
    close();
    return;
  }
  if (bytes_out_ != nullptr) {
    *bytes_out_ += written;
  }
  if (out_.empty()) {
    if (close_after_write_) {
      close();
    }
    return;
  }
  writing_.swap(out_);
  out_.clear();
  write_in_flight_ = true;
  if (bytes_out_ != nullptr) {
    *bytes_out_ += writing_.size();
  }
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
                      after_write(false);
                    });
}

}  // namespace soss::net::detail
