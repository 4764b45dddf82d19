// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <coroutine>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <asio.hpp>

#include "io/connection_base.hpp"
#include "resp/resp_context.hpp"
#include "resp/resp_parser.hpp"
#include "resp/resp_session.hpp"
#include "resp/resp_shared.hpp"
#include "resp/resp_task.hpp"

namespace soss::net::resp {

// One Redis client connection: the RESP codec and the command dispatch (ConnectionBase reads
// and writes). Runs every complete command of a read in order and writes their replies as one
// send. A command whose answer comes later (the store forwarded it
// to another host) suspends (resp_task.hpp): the commands after it in the batch, and further
// reads, wait until its answer is posted back to this connection's io thread, so replies keep
// their order and the unconsumed input stays charged to the input budget. No thread blocks
// meanwhile. A protocol error or a limit violation is answered with "-ERR Protocol error: ..."
// and closes this connection only. It holds itself while a command waits.
class RespConnection final : public detail::ConnectionBase, public LatePort {
 public:
  // `batch` belongs to the io thread that runs this connection.
  RespConnection(asio::ip::tcp::socket socket, RespShared& shared, detail::WriteBatch& batch);

  void start_read() override;

  // LatePort: a command waiting for an answer that comes later.
  core::Completion& completion() override;
  void suspend(std::coroutine_handle<> waiting) override;
  core::Response take_answer() override;

 private:
  void on_input(std::size_t n) override;
  std::size_t bytes_wanted() const override { return parser_.bytes_wanted(); }
  void on_closed() override;
  void after_write(bool flushed) override;
  // After the batch's commands: write, then read on (or pause, or close).
  void after_commands(bool keep_open);
  // Parses the read buffer's complete commands into the batch and runs them.
  void begin_batch();
  // Runs the batch's commands from next_command_ on, until all ran (then finish_batch) or one
  // waits for an answer that comes later (then on_late_answer goes on).
  void run_batch();
  void finish_batch();
  // The answer for the command waiting (or the timeout, `seq` telling which wait it ends).
  void on_late_answer(std::uint64_t seq, core::Response answer);
  // Parses every complete command of the buffer into the batch; false on a protocol error.
  bool parse_batch(std::size_t& consumed);
  // Hashes the batch's keys and lets the store start loading their objects.
  void prefetch_batch();
  void compact(std::size_t consumed);
  void resume_reading();
  // Neither closing nor in the middle of a batch: a read may start.
  bool may_read() const { return !running_batch_ && !closing(); }

  RespShared& shared_;
  RespParser parser_;
  RespSession session_;
  // The commands of one read: arguments (views into in_ or the parser) and per command the
  // first argument's index and the count; the hashes of their keys; prefetch requests.
  std::vector<std::string_view> batch_args_;
  std::vector<std::pair<std::size_t, std::size_t>> batch_;
  std::vector<core::KeyBytes> batch_keys_;
  std::vector<core::Request> prefetch_;
  RespContext ctx_;
  // The batch being run: the command now (suspended while !command_.done()), the next one,
  // what parse_batch consumed and whether it succeeded.
  Task<> command_;
  std::size_t next_command_ = 0;
  std::size_t consumed_ = 0;
  bool parsed_ = true;
  bool pipelined_ = false;
  bool running_batch_ = false;
  // A command waits for `late_answer_`: resumed at `waiting_`; `late_seq_` tells the answer of
  // this wait from a stale one (timed out); `self_` keeps the connection while it waits.
  core::Completion late_done_;
  std::coroutine_handle<> waiting_;
  std::optional<core::Response> late_answer_;
  std::uint64_t late_seq_ = 0;
  asio::steady_timer late_timer_;
  std::shared_ptr<detail::ConnectionBase> self_;
  bool read_paused_ = false;       // too many replies wait for the client to read them
  bool read_after_flush_ = false;  // the next read starts once the queued replies are written
};

}  // namespace soss::net::resp
