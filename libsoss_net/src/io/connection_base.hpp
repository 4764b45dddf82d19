// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// What a client connection of any door (svr/mgt ports, resp_port) does apart from its codec and
// dispatch: the socket, the counters of open connections, the read loop into the input buffer
// (charged to the input budget), the replies' write path through the io thread's WriteBatch,
// the activity stamps of the idle and read timeouts, and closing.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <asio.hpp>

#include "io/door_counters.hpp"
#include "io/input_buffer.hpp"
#include "io/io_limits.hpp"
#include "io/write_batch.hpp"

namespace soss::net::detail {

// How a door names itself in the lines a connection logs.
struct DoorWords {
  const char* connection;  // "connection", "redis connection"
  const char* message;     // what the door receives: "frame", "command"
};

// The part of a connection every door shares. A door derives from it (final) and supplies its
// codec and dispatch through on_input(); the few other virtuals are steps of the read and write
// paths a door may extend. Owned by shared_ptr (the pending async operations hold it); lives on
// the io_context that accepted it and touches its buffers only there, so it needs no lock.
class ConnectionBase : public Flushable,
                       public InputBudget::Holder,
                       public Watched,
                       public std::enable_shared_from_this<ConnectionBase> {
 public:
  // Counts the connection open in `counters` (and in `also_open` too, when given) until it goes.
  // `batch` belongs to the io thread that runs this connection; `budget` may be null.
  ConnectionBase(asio::ip::tcp::socket socket, DoorCounters& counters, WriteBatch& batch,
                 InputBudget* budget, DoorWords words,
                 std::atomic<std::uint64_t>* also_open = nullptr);
  ~ConnectionBase() override;
  ConnectionBase(const ConnectionBase&) = delete;
  ConnectionBase& operator=(const ConnectionBase&) = delete;

  void start();
  void close();
  void shed() override;  // any thread: closes on the connection's io thread
  void flush_writes() override;

  const std::string& peer() const { return peer_; }

 protected:
  // The door's codec and dispatch: `n` new bytes are at the end of in_. The door consumes what
  // it used, writes replies into out_ and then reads on (do_read), waits, or closes.
  virtual void on_input(std::size_t n) = 0;
  // The length the message at the front of in_ needs in all (0 = not known).
  virtual std::size_t bytes_wanted() const = 0;
  // After close() closed the socket.
  virtual void on_closed() {}
  // After a pass of the WriteBatch (`flushed`) or an asynchronous write finished, and the
  // replies were written as far as the socket took them.
  virtual void after_write(bool flushed) { (void)flushed; }

  void do_read();
  // The replies in out_ are written by the io thread's WriteBatch, after the other reads that
  // are ready.
  void queue_write();
  // Counts the bytes written into `bytes_out` from now on.
  void count_bytes_out(std::atomic<std::uint64_t>& bytes_out) { bytes_out_ = &bytes_out; }
  // The replies are written, then the connection closes.
  void close_after_write() { close_after_write_ = true; }

  std::size_t pending_out() const { return out_.size() + writing_.size(); }
  bool write_queued() const { return write_queued_; }
  bool closing() const { return closed_ || close_after_write_; }
  bool closed() const { return closed_; }

  asio::ip::tcp::socket socket_;
  WriteBatch& writes_;
  InputBuffer in_;   // bytes read and not yet consumed
  std::string out_;  // replies waiting to be written

 private:
  void do_write();

  DoorCounters& counters_;
  std::atomic<std::uint64_t>* also_open_;
  std::atomic<std::uint64_t>* bytes_out_ = nullptr;
  DoorWords words_;
  std::string peer_;
  std::string writing_;  // replies being written now
  bool write_in_flight_ = false;
  bool write_queued_ = false;  // in the io thread's WriteBatch
  bool close_after_write_ = false;
  bool closed_ = false;
};

}  // namespace soss::net::detail
