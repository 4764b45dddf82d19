// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <asio.hpp>

#include "io/input_buffer.hpp"
#include "io/io_limits.hpp"
#include "io/write_batch.hpp"
#include "soss/net/codec.hpp"
#include "soss/net/server.hpp"

namespace soss::net::detail {

// Counters shared by the server and all its connections.
struct SharedCounters {
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> open{0};
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> protocol_errors{0};
  std::atomic<std::uint64_t> open_mgt{0};  // of `open`, on mgt_port
  std::atomic<std::uint64_t> refused{0};
  std::atomic<std::uint64_t> timed_out{0};
};

// Whether the server still runs its io contexts. Answers that come later (lock waits) are
// posted to a connection's io context only while it does. Thread-safe.
class ServerLife {
 public:
  // Runs `post` only while the server runs, holding off end() until it returns.
  template <typename F>
  void if_running(F&& post) {
    std::lock_guard<std::mutex> lock(mu_);
    if (running_) {
      post();
    }
  }
  void end() {
    std::lock_guard<std::mutex> lock(mu_);
    running_ = false;
  }

 private:
  std::mutex mu_;
  bool running_ = true;
};

// One client connection: reads frames, dispatches each to the handler, and writes the replies
// of one read as one send. Owned by shared_ptr (the pending async operations and any lock
// completions hold it); lives on the io_context that accepted it and touches its buffers only
// there, so it needs no lock.
class Connection final : public Flushable,
                         public InputBudget::Holder,
                         public Watched,
                         public std::enable_shared_from_this<Connection> {
 public:
  // `batch` belongs to the io thread that runs this connection.
  Connection(asio::ip::tcp::socket socket, RequestHandler& handler, Listener listener,
             std::uint32_t max_frame_bytes, SharedCounters& counters,
             std::shared_ptr<ServerLife> life, WriteBatch& batch, InputBudget* budget);
  ~Connection() override;

  void start();
  void close();
  void flush_writes() override;
  void shed() override;  // any thread: closes on the connection's io thread

 private:
  void do_read();
  void on_read(std::size_t n);
  // Decodes and handles every whole frame in the read buffer; false when the connection must close.
  bool process_frames();
  // Decodes one frame into the batch; false when the connection must close.
  bool decode_frame(const FrameHeader& header, std::string_view body);
  void handle_request(std::uint64_t id, const core::Request& request);
  void reply(std::uint64_t request_id, core::OpCode op, const core::Response& response);
  void queue_write();
  void do_write();

  asio::ip::tcp::socket socket_;
  RequestHandler& handler_;
  Caller caller_;  // the door and what this connection has proven
  std::uint32_t max_frame_bytes_;
  SharedCounters& counters_;
  std::shared_ptr<ServerLife> life_;
  WriteBatch& writes_;
  FrameEncoder encoder_;
  FrameDecoder decoder_;
  std::vector<core::Request> batch_;      // the requests of one read, decoded
  std::vector<std::uint64_t> batch_ids_;  // their request ids
  InputBuffer in_;                        // bytes read and not yet consumed
  std::size_t wanted_ = 0;  // bytes the frame at the front of in_ needs in all (0 = a header)
  std::string out_;         // replies waiting to be written
  std::string writing_;     // replies being written now
  bool write_in_flight_ = false;
  bool write_queued_ = false;  // in the io thread's WriteBatch
  bool closed_ = false;
  std::string peer_;
};

}  // namespace soss::net::detail
