// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <asio.hpp>

#include "soss/client/grid_connection.hpp"
#include "soss/core/store/request.hpp"

namespace soss::client::detail {

// Receives the final response of a request, exactly once, on the channel's io thread.
using ReplyHandler = std::function<void(core::Response)>;

// The transport of a GridConnection: one io thread running one io_context, and one TCP link to
// the first reachable gateway over which every request is multiplexed. Requests carry unique
// ids and are matched to replies by id; the socket is read continuously.
//
// Failure handling (all on the io thread):
// - a lost link fails the requests written on it with Unavailable (they may have been applied)
//   and reconnects in the background with exponential backoff (50 ms doubling to 2 s);
// - a request issued while disconnected waits for the next connect round (every gateway tried
//   once, in order); after max_request_retries + 1 failed rounds it answers Unavailable;
// - a NotReady answer is resent after a backoff, up to max_request_retries times;
// - with request_timeout > 0 a request not answered in time (plus its lock wait) answers Timeout
//   and its late reply is dropped.
//
// Thread-safety: submit() and is_connected() from any thread; everything else runs on the io
// thread. The destructor fails every outstanding request with Unavailable and joins the thread;
// it must not run on the io thread.
class Channel {
 public:
  explicit Channel(ConnectionOptions options);
  ~Channel();
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  // Encodes and sends `request`; `done` is called exactly once with the answer.
  void submit(const core::Request& request, ReplyHandler done);
  // The same, except that when the request fails before it was ever written to a connection
  // (no gateway reachable), `unsent` is called instead of `done`: the request surely had no
  // effect and may go elsewhere.
  void submit(const core::Request& request, ReplyHandler done, ReplyHandler unsent);

  bool is_connected() const { return connected_.load(std::memory_order_relaxed); }
  const ConnectionOptions& options() const { return options_; }

 private:
  using Clock = std::chrono::steady_clock;

  // One TCP connection (or connect attempt) and its buffers. Handlers hold it by shared_ptr, so
  // a handler that completes after the link was replaced sees a stale link and does nothing.
  struct Link {
    explicit Link(asio::io_context& io) : socket(io) {}
    asio::ip::tcp::socket socket;
    std::string in;  // bytes read and not yet consumed, in [0, in_used)
    std::size_t in_used = 0;
    std::string out;  // frames waiting to be written
    bool writing = false;
    std::string peer;  // "host:port" for messages
  };

  struct Pending {
    std::string frame;  // the encoded request, kept to resend on NotReady or after a reconnect
    ReplyHandler done;
    ReplyHandler unsent;   // replaces done for a failure before the first write, when set
    bool sent = false;     // written on the current link
    bool written = false;  // written on some link at least once
    int connect_failures = 0;
    int not_ready_retries = 0;
    std::unique_ptr<asio::steady_timer> deadline;  // request_timeout
    std::unique_ptr<asio::steady_timer> retry;     // NotReady backoff
  };

  enum class State : std::uint8_t { kIdle, kConnecting, kConnected, kBackoff, kStopped };

  void run_io();
  void start(std::uint64_t id, std::string frame, std::uint32_t wait_ms, ReplyHandler done,
             ReplyHandler unsent);
  void send_or_queue(std::uint64_t id);
  void complete(std::uint64_t id, core::Response response);
  void expire(std::uint64_t id, std::chrono::milliseconds limit);
  void fail_all(bool sent_only, StatusCode code, const std::string& message);
  void do_stop();

  // Connecting (channel_connect.cpp).
  void start_connect();
  void try_gateway();
  void on_gateway_failed(const std::shared_ptr<Link>& link, const std::string& reason);
  void on_connected(const std::shared_ptr<Link>& link);
  void on_round_failed();
  void schedule_reconnect();
  void on_link_lost(const std::shared_ptr<Link>& link, const std::string& reason);
  // Authenticating a new link (options_.user set): `auth` goes first, under its own id.
  static constexpr std::uint64_t kAuthRequestId = 0;
  void send_auth(Link& link);
  void on_auth_reply(const core::Response& response);

  // Reading and writing (channel_io.cpp).
  void do_read(const std::shared_ptr<Link>& link);
  Status process_frames(Link& link);  // a bad header closes the link
  void on_reply(std::uint64_t id, core::Response response);
  void do_write(const std::shared_ptr<Link>& link);

  static std::chrono::milliseconds backoff_step(int attempt);

  const ConnectionOptions options_;
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  asio::ip::tcp::resolver resolver_;
  asio::steady_timer connect_timer_;
  asio::steady_timer backoff_timer_;
  std::atomic<std::uint64_t> next_id_{1};
  std::atomic<bool> connected_{false};

  // io-thread state.
  State state_ = State::kIdle;
  std::shared_ptr<Link> link_;        // the connected link
  std::shared_ptr<Link> connecting_;  // the link of the connect attempt in progress
  std::size_t gateway_index_ = 0;
  int reconnect_attempt_ = 0;  // rounds failed since the last success: picks the backoff
  std::string round_errors_;   // why each gateway of this round failed
  std::string last_error_;     // why the last round failed
  std::string auth_error_;     // why the current link's auth was refused ("" = not refused)
  std::unordered_map<std::uint64_t, Pending> pending_;
  std::deque<std::uint64_t> waiting_;  // ids to send once connected, in submission order

  std::thread thread_;  // last: started when everything else exists
};

}  // namespace soss::client::detail
