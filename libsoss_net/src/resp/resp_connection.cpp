// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "resp/resp_connection.hpp"

#include <cstring>
#include <utility>

#include "resp/resp_commands.hpp"
#include "resp/resp_context.hpp"
#include "soss/core/common/log.hpp"
#include "write_now.hpp"

namespace soss::net::resp {
namespace {
// Reading stops while this many reply bytes wait for a client that does not read them.
constexpr std::size_t kMaxPendingOut = 16u << 20;
}  // namespace

RespConnection::RespConnection(asio::ip::tcp::socket socket, RespShared& shared,
                               detail::WriteBatch& batch)
    : socket_(std::move(socket)),
      shared_(shared),
      writes_(batch),
      parser_(shared.limits),
      in_(shared.budget, *this) {
  asio::error_code ec;
  auto ep = socket_.remote_endpoint(ec);
  session_.peer =
      ec ? std::string("?") : ep.address().to_string() + ":" + std::to_string(ep.port());
  session_.client_id = shared_.counters.next_client_id++;
  session_.caller.role = shared_.handler.initial_role();
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  shared_.counters.open++;
  shared_.counters.accepted++;
}

RespConnection::~RespConnection() { shared_.counters.open--; }

void RespConnection::start() {
  // Replies are written with write_some first (see do_write): it must not block.
  asio::error_code ec;
  socket_.non_blocking(true, ec);
  do_read();
}

void RespConnection::close() {
  if (closed_) {
    return;
  }
  closed_ = true;
  asio::error_code ec;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  socket_.close(ec);
}

void RespConnection::shed() {
  asio::post(socket_.get_executor(), [weak = weak_from_this()] {
    if (auto self = weak.lock()) {
      self->close();
    }
  });
}

void RespConnection::do_read() {
  if (!in_.prepare(parser_.bytes_wanted())) {
    log::warn("net", "closing redis connection {}: its {}-byte command does not fit the input "
              "budget now", session_.peer, parser_.bytes_wanted());
    close();
    return;
  }
  auto self = shared_from_this();
  socket_.async_read_some(asio::buffer(in_.space(), in_.space_size()),
                          [this, self](const asio::error_code& ec, std::size_t n) {
                            if (ec) {
                              if (ec != asio::error::eof && ec != asio::error::operation_aborted &&
                                  ec != asio::error::connection_reset) {
                                log::debug("net", "redis connection {} read error: {}",
                                           session_.peer, ec.message());
                              }
                              close();
                              return;
                            }
                            on_read(n);
                          });
}

void RespConnection::on_read(std::size_t n) {
  in_.commit(n);
  shared_.counters.bytes_in += n;
  if (session_.offload && shared_.blocking != nullptr) {
    busy_ = true;
    auto self = shared_from_this();
    asio::post(*shared_.blocking, [this, self] {
      bool keep_open = run_commands(pool_out_);
      asio::post(socket_.get_executor(), [this, self, keep_open] {
        busy_ = false;
        out_ += pool_out_;
        pool_out_.clear();
        after_commands(keep_open);
      });
    });
    return;
  }
  after_commands(run_commands(out_));
}

void RespConnection::after_commands(bool keep_open) {
  if (!keep_open) {
    close_after_write_ = true;
  }
  queue_write();
  if (closed_ || close_after_write_) {
    return;
  }
  if (out_.size() + writing_.size() > kMaxPendingOut) {
    read_paused_ = true;
    return;
  }
  if (write_queued_) {
    // A read now would find nothing: the client has not seen the replies yet, and asio tries a
    // read at once (one more recv per request, failing with EAGAIN). It starts after the flush.
    read_after_flush_ = true;
    return;
  }
  do_read();
}

bool RespConnection::parse_batch(std::size_t& consumed) {
  parser_.begin_batch();
  batch_args_.clear();
  batch_.clear();
  consumed = 0;
  while (consumed < in_.size()) {
    std::size_t used = 0;
    auto result = parser_.parse(in_.view().substr(consumed), used);
    consumed += used;
    if (result == RespParser::Result::kNeedMore) {
      return true;
    }
    if (result == RespParser::Result::kError) {
      return false;
    }
    if (!parser_.args().empty()) {
      batch_.emplace_back(batch_args_.size(), parser_.args().size());
      batch_args_.insert(batch_args_.end(), parser_.args().begin(), parser_.args().end());
    }
  }
  return true;
}

// Like the native protocol: the objects of a pipelined batch are loaded together, so their cache
// misses overlap instead of queueing one after another. Key hashes are kept for the commands.
void RespConnection::prefetch_batch() {
  batch_keys_.resize(batch_.size());
  prefetch_.resize(batch_.size());
  std::size_t n = 0;
  for (std::size_t i = 0; i < batch_.size(); ++i) {
    const auto [first, count] = batch_[i];
    if (count >= 2) {
      batch_keys_[i] = core::key_of(batch_args_[first + 1]);
      prefetch_[n].id = core::ObjectId{session_.ns, batch_keys_[i]};
      ++n;
    }
  }
  prefetch_.resize(n);
  shared_.handler.prefetch(prefetch_);
}

bool RespConnection::run_commands(std::string& out) {
  std::size_t consumed = 0;
  const bool parsed = parse_batch(consumed);
  const bool pipelined = batch_.size() > 1;
  if (pipelined) {
    prefetch_batch();
  }
  RespContext ctx(shared_, session_, out);
  for (std::size_t i = 0; i < batch_.size() && !session_.closing; ++i) {
    const auto [first, count] = batch_[i];
    shared_.counters.commands++;
    ctx.args = std::span<const std::string_view>(batch_args_.data() + first, count);
    if (pipelined && count >= 2) {
      ctx.hint_key(ctx.args[1], batch_keys_[i]);
    }
    execute_command(ctx);
  }
  if (!parsed && !session_.closing) {
    shared_.counters.protocol_errors++;
    log::debug("net", "closing redis connection {}: {}", session_.peer, parser_.error());
    ctx.out.error("ERR " + parser_.error());
  }
  compact(consumed);
  return parsed && !session_.closing;
}

// Keeps only the unconsumed tail (usually nothing or part of one command).
void RespConnection::compact(std::size_t consumed) {
  in_.consume(consumed);
  on_bytes(in_.size() > 0);
}

// The replies are written by the io thread's WriteBatch, after the other reads that are ready.
void RespConnection::queue_write() {
  if (write_queued_ || closed_ || (out_.empty() && !close_after_write_)) {
    return;
  }
  write_queued_ = true;
  writes_.add(shared_from_this());
}

void RespConnection::flush_writes() {
  write_queued_ = false;
  do_write();
  resume_reading();
  if (read_after_flush_) {
    // Later still, after the other connections' replies and the handlers queued meanwhile: by
    // then the client has often answered, and the read finds its next request at once.
    read_after_flush_ = false;
    writes_.read_later(shared_from_this());
  }
}

void RespConnection::start_read() {
  if (may_read() && !read_paused_) {
    do_read();
  }
}

// Reading paused while too many replies waited for the client; it goes on once they are written.
void RespConnection::resume_reading() {
  if (read_paused_ && may_read() && out_.size() + writing_.size() <= kMaxPendingOut) {
    read_paused_ = false;
    do_read();
  }
}

void RespConnection::do_write() {
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
  if (!detail::write_now(socket_, out_, written)) {
    close();
    return;
  }
  shared_.counters.bytes_out += written;
  if (out_.empty()) {
    if (close_after_write_) {
      close();
    }
    return;
  }
  writing_.swap(out_);
  out_.clear();
  write_in_flight_ = true;
  shared_.counters.bytes_out += writing_.size();
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
                      resume_reading();
                    });
}

}  // namespace soss::net::resp
