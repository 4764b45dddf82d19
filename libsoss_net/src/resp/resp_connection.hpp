// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <asio.hpp>

#include "resp/resp_parser.hpp"
#include "resp/resp_session.hpp"
#include "resp/resp_shared.hpp"
#include "input_buffer.hpp"
#include "io_limits.hpp"
#include "write_batch.hpp"

namespace soss::net::resp {

// One Redis client connection: reads, runs every complete command of a read in order, and
// writes their replies as one send. Commands run on the io thread until one of them had to wait
// for an answer from another host; from then on each read's commands run on the server's
// blocking pool (no read is outstanding meanwhile, so the buffers have one user at a time). A protocol error or a limit violation is
// answered with "-ERR Protocol error: ..." and closes this connection only. Owned by shared_ptr
// (its pending async operations hold it); lives on the io_context that accepted it and touches
// its buffers only there, so it needs no lock.
class RespConnection final : public detail::Flushable,
                             public InputBudget::Holder,
                             public detail::Watched,
                             public std::enable_shared_from_this<RespConnection> {
 public:
  // `batch` belongs to the io thread that runs this connection.
  RespConnection(asio::ip::tcp::socket socket, RespShared& shared, detail::WriteBatch& batch);
  ~RespConnection() override;

  void start();
  void close();
  void shed() override;  // any thread: closes on the connection's io thread
  void flush_writes() override;
  void start_read() override;

 private:
  void do_read();
  void on_read(std::size_t n);
  // After run_commands: write, then read on (or pause, or close).
  void after_commands(bool keep_open);
  // Runs every complete command in the read buffer, appending the replies to `out`; false when
  // the connection must close after the replies are written.
  bool run_commands(std::string& out);
  // Parses every complete command of the buffer into the batch; false on a protocol error.
  bool parse_batch(std::size_t& consumed);
  // Hashes the batch's keys and lets the store start loading their objects.
  void prefetch_batch();
  void compact(std::size_t consumed);
  void queue_write();
  void do_write();
  void resume_reading();
  // Neither closing nor running commands on the blocking pool: a read may start.
  bool may_read() const { return !busy_ && !closed_ && !close_after_write_; }

  asio::ip::tcp::socket socket_;
  RespShared& shared_;
  detail::WriteBatch& writes_;
  RespParser parser_;
  RespSession session_;
  // The commands of one read: arguments (views into in_ or the parser) and per command the
  // first argument's index and the count; the hashes of their keys; prefetch requests.
  std::vector<std::string_view> batch_args_;
  std::vector<std::pair<std::size_t, std::size_t>> batch_;
  std::vector<core::KeyBytes> batch_keys_;
  std::vector<core::Request> prefetch_;
  detail::InputBuffer in_;  // bytes read and not yet consumed
  std::string out_;      // replies waiting to be written
  std::string writing_;  // replies being written now
  std::string pool_out_;  // replies of commands running on the blocking pool
  bool busy_ = false;     // commands run on the blocking pool now
  bool write_in_flight_ = false;
  bool write_queued_ = false;  // in the io thread's WriteBatch
  bool read_paused_ = false;  // too many replies wait for the client to read them
  bool read_after_flush_ = false;  // the next read starts once the queued replies are written
  bool close_after_write_ = false;
  bool closed_ = false;
};

}  // namespace soss::net::resp
