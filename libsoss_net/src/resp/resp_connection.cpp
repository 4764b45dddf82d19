// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "resp/resp_connection.hpp"

#include <span>
#include <utility>

#include "resp/resp_commands.hpp"
#include "resp/resp_context.hpp"
#include "soss/core/common/log.hpp"

namespace soss::net::resp {
namespace {
// Reading stops while this many reply bytes wait for a client that does not read them.
constexpr std::size_t kMaxPendingOut = 16u << 20;
constexpr detail::DoorWords kWords{"redis connection", "command"};
}  // namespace

RespConnection::RespConnection(asio::ip::tcp::socket socket, RespShared& shared,
                               detail::WriteBatch& batch)
    : ConnectionBase(std::move(socket), shared.counters, batch, shared.budget, kWords),
      shared_(shared),
      parser_(shared.limits),
      ctx_(shared, session_, out_, *this),
      late_timer_(socket_.get_executor()) {
  session_.peer = peer();
  session_.client_id = shared_.counters.next_client_id++;
  session_.caller.role = shared_.handler.initial_role();
  count_bytes_out(shared_.counters.bytes_out);
}

void RespConnection::on_closed() {
  late_timer_.cancel();
  // A command waiting for an answer is dropped with the connection (its frame goes with
  // command_); an answer arriving later finds the connection closed or gone.
  std::shared_ptr<detail::ConnectionBase> keep = std::move(self_);
}

void RespConnection::on_input(std::size_t n) {
  shared_.counters.bytes_in += n;
  begin_batch();
}

void RespConnection::after_commands(bool keep_open) {
  if (!keep_open) {
    close_after_write();
  }
  queue_write();
  if (closing()) {
    return;
  }
  if (pending_out() > kMaxPendingOut) {
    read_paused_ = true;
    return;
  }
  if (write_queued()) {
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

void RespConnection::begin_batch() {
  parsed_ = parse_batch(consumed_);
  pipelined_ = batch_.size() > 1;
  if (pipelined_) {
    prefetch_batch();
  }
  next_command_ = 0;
  running_batch_ = true;
  run_batch();
}

void RespConnection::run_batch() {
  while (next_command_ < batch_.size() && !session_.closing) {
    const std::size_t i = next_command_++;
    const auto [first, count] = batch_[i];
    shared_.counters.commands++;
    ctx_.args = std::span<const std::string_view>(batch_args_.data() + first, count);
    if (pipelined_ && count >= 2) {
      ctx_.hint_key(ctx_.args[1], batch_keys_[i]);
    }
    command_ = execute_command(ctx_);
    command_.start();
    if (!command_.done()) {
      queue_write();  // the replies before it need not wait for it
      return;
    }
    command_.result();
  }
  command_.reset();
  finish_batch();
}

void RespConnection::finish_batch() {
  if (!parsed_ && !session_.closing) {
    shared_.counters.protocol_errors++;
    log::debug("net", "closing redis connection {}: {}", session_.peer, parser_.error());
    ctx_.out.error("ERR " + parser_.error());
  }
  ctx_.hint_key({}, core::KeyBytes{});
  compact(consumed_);
  running_batch_ = false;
  after_commands(parsed_ && !session_.closing);
}

core::Completion& RespConnection::completion() {
  if (!late_done_) {
    late_done_ = [weak = weak_from_this(), seq = late_seq_](core::Response r) {
      if (auto base = weak.lock()) {
        auto executor = static_cast<RespConnection&>(*base).socket_.get_executor();
        asio::post(executor, [base, seq, r = std::move(r)]() mutable {
          static_cast<RespConnection&>(*base).on_late_answer(seq, std::move(r));
        });
      }
    };
  }
  return late_done_;
}

void RespConnection::suspend(std::coroutine_handle<> waiting) {
  late_done_ = nullptr;  // the store holds it now; the next request gets a new one
  waiting_ = waiting;
  self_ = shared_from_this();
  late_timer_.expires_after(kLateAnswerTimeout);
  late_timer_.async_wait([weak = weak_from_this(), seq = late_seq_](const asio::error_code& ec) {
    auto self = weak.lock();
    if (!ec && self) {
      static_cast<RespConnection&>(*self).on_late_answer(
          seq, core::Response::of(StatusCode::kTimeout, "no answer from the store within 30 s"));
    }
  });
}

core::Response RespConnection::take_answer() {
  core::Response r = std::move(*late_answer_);
  late_answer_.reset();
  return r;
}

void RespConnection::on_late_answer(std::uint64_t seq, core::Response answer) {
  if (seq != late_seq_ || !waiting_ || closed()) {
    return;  // a timed-out wait's answer, or the connection closed meanwhile
  }
  ++late_seq_;
  late_timer_.cancel();
  late_answer_ = std::move(answer);
  std::shared_ptr<detail::ConnectionBase> keep = std::move(self_);
  std::exchange(waiting_, {}).resume();
  if (!command_.done()) {
    return;  // it waits again
  }
  command_.result();
  if (closed()) {
    return;
  }
  run_batch();
}

// Keeps only the unconsumed tail (usually nothing or part of one command).
void RespConnection::compact(std::size_t consumed) {
  in_.consume(consumed);
  on_bytes(in_.size() > 0);
}

// After a pass of the WriteBatch or an asynchronous write: reading goes on if it was paused,
// and a read put off until the replies were written starts.
void RespConnection::after_write(bool flushed) {
  resume_reading();
  if (flushed && read_after_flush_) {
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
  if (read_paused_ && may_read() && pending_out() <= kMaxPendingOut) {
    read_paused_ = false;
    do_read();
  }
}

}  // namespace soss::net::resp
