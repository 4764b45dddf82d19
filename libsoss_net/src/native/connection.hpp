// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "io/connection_base.hpp"
#include "soss/net/codec.hpp"
#include "soss/net/server.hpp"

namespace soss::net::detail {

// Counters shared by the server and all its connections.
struct SharedCounters : DoorCounters {
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> open_mgt{0};  // of `open`, on mgt_port
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

// One client connection of the native protocol: the frame codec and the dispatch to the
// handler (ConnectionBase reads and writes). Decodes every whole frame of a read, handles them
// in order and writes the replies of one read as one send.
class Connection final : public ConnectionBase {
 public:
  // `batch` belongs to the io thread that runs this connection.
  Connection(asio::ip::tcp::socket socket, RequestHandler& handler, Listener listener,
             std::uint32_t max_frame_bytes, SharedCounters& counters,
             std::shared_ptr<ServerLife> life, WriteBatch& batch, InputBudget* budget);

 private:
  void on_input(std::size_t n) override;
  std::size_t bytes_wanted() const override { return wanted_; }
  // Decodes and handles every whole frame in the read buffer; false when the connection must close.
  bool process_frames();
  // Decodes one frame into the batch; false when the connection must close.
  bool decode_frame(const FrameHeader& header, std::string_view body);
  void handle_request(std::uint64_t id, const core::Request& request);
  void reply(std::uint64_t request_id, core::OpCode op, const core::Response& response);

  RequestHandler& handler_;
  Caller caller_;  // the door and what this connection has proven
  std::uint32_t max_frame_bytes_;
  SharedCounters& counters_;
  std::shared_ptr<ServerLife> life_;
  FrameEncoder encoder_;
  FrameDecoder decoder_;
  std::vector<core::Request> batch_;      // the requests of one read, decoded
  std::vector<std::uint64_t> batch_ids_;  // their request ids
  std::size_t wanted_ = 0;  // bytes the frame at the front of in_ needs in all (0 = a header)
};

}  // namespace soss::net::detail
