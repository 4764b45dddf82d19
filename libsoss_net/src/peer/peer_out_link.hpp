// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include <asio.hpp>

#include "peer/peer_link_common.hpp"

namespace soss::net::detail {

// The outgoing connection to one peer: connects, exchanges hellos, then writes the queued
// frames in batches; on any failure closes and retries after a backoff that doubles from
// min_backoff to max_backoff (reset by a completed hello exchange). Owned by shared_ptr (the
// links' peer table and its own pending operations). The socket and timer are touched only on
// the io thread; the queue is shared with senders under mu_.
class OutLink : public std::enable_shared_from_this<OutLink> {
 public:
  OutLink(asio::io_context& io, LinksContext& ctx, core::HostId id, asio::ip::tcp::endpoint to);

  void start();  // io thread
  void close();  // io thread; final
  // Points the link at a new address and reconnects. io thread.
  void retarget(asio::ip::tcp::endpoint to);
  // Any thread: queues one encoded frame, or drops it when the queue is full.
  void enqueue(std::string frame);
  bool ready() const { return ready_.load(); }

 private:
  void do_connect();
  void on_connected();
  void do_read();
  void do_write();
  void fail(const std::string& why);
  void schedule_retry();

  asio::io_context& io_;
  LinksContext& ctx_;
  const core::HostId id_;
  asio::ip::tcp::endpoint to_;
  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  FrameBuf in_;
  std::string out_;    // the batch being written
  std::string nonce_;  // this connection's challenge (a store secret), else empty
  std::string proof_;  // our proof frame, written before the first batch (a store secret)
  std::chrono::milliseconds backoff_;
  std::uint64_t generation_ = 0;  // bumped on every (re)connect: stale handlers do nothing
  bool closed_ = false;
  bool writing_ = false;
  std::string last_error_;  // logged once per distinct error, not on every retry
  std::atomic<bool> ready_{false};

  std::mutex mu_;
  std::deque<std::string> queue_;
  std::size_t queued_bytes_ = 0;
  bool flush_posted_ = false;
};

}  // namespace soss::net::detail
