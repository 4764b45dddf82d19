// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <coroutine>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "resp/resp_session.hpp"
#include "resp/resp_shared.hpp"
#include "resp/resp_writer.hpp"
#include "soss/core/store/request.hpp"

namespace soss::net::resp {

// How long a command waits for an answer that comes later (a forwarded request) before it
// replies with an error. Nothing blocks meanwhile: the command is suspended (resp_task.hpp) and
// its connection reads no further commands.
inline constexpr std::chrono::milliseconds kLateAnswerTimeout{30000};

// Where a command waits for an answer that comes later: its connection. Called on the
// connection's io thread only.
class LatePort {
 public:
  virtual ~LatePort() = default;
  // The completion to hand the store with a request. The store moves from it only when the
  // answer comes later, so one is reused until then (building one per request cost an
  // allocation).
  virtual core::Completion& completion() = 0;
  // The store took the completion: resume `waiting` (on this thread) once the answer is in,
  // or after kLateAnswerTimeout.
  virtual void suspend(std::coroutine_handle<> waiting) = 0;
  // The answer the resumed command gets (kTimeout when none came in time).
  virtual core::Response take_answer() = 0;
};

// What one command runs with: its arguments, the writer for its reply, the connection's session
// and the server's shared state; and the one way to the store: call(). Lives on the connection's
// thread for one command; not thread-safe.
class RespContext {
 public:
  RespContext(RespShared& shared, RespSession& session, std::string& reply_buffer, LatePort& late)
      : out(reply_buffer), shared_(shared), session_(session), late_(late) {}

  // What `co_await ctx.call(request)` suspends on: the handler answers at once (no suspension)
  // or later, through the connection (LatePort).
  class Call {
   public:
    Call(RespContext& ctx, const core::Request& request) : ctx_(ctx), request_(request) {}
    bool await_ready();
    void await_suspend(std::coroutine_handle<> waiting) { ctx_.late_.suspend(waiting); }
    core::Response await_resume();

   private:
    RespContext& ctx_;
    const core::Request& request_;
    std::optional<core::Response> now_;
  };

  // The connection's reusable request, reset for `op` on `key` in the selected database.
  // Writes also carry the namespace name and the key string (so SCAN can list it).
  core::Request& request(core::OpCode op, std::string_view key);
  // A request for `op` on the selected database as a whole (listing, clearing).
  core::Request& request(core::OpCode op);
  // Submits a request through the node's RequestHandler, like a native client on svr_port;
  // `co_await` it for the answer. `request` must outlive the await (it is the session's).
  Call call(const core::Request& request) { return Call(*this, request); }

  // Replies with the Redis form of a store error (NotReady, LowMemory, ...).
  void store_error(const core::Response& response);
  // Checks a key: false (after replying with an error) when it is too long for the store.
  bool key_ok(std::string_view key);
  // Parses a Redis integer argument; false after replying "value is not an integer".
  bool integer_arg(std::string_view text, std::int64_t& value);

  // The hash of `text` (an argument of the current command), computed ahead for a prefetch,
  // so request() need not compute it again.
  void hint_key(std::string_view text, const core::KeyBytes& key) {
    hint_text_ = text;
    hint_key_ = key;
  }

  RespShared& shared() { return shared_; }
  RespSession& session() { return session_; }

  std::span<const std::string_view> args;
  RespWriter out;

 private:
  RespShared& shared_;
  RespSession& session_;
  LatePort& late_;
  std::string_view hint_text_;
  core::KeyBytes hint_key_{};
};

// Redis's integer rules (no '+', spaces or leading zeros; fits in int64).
bool parse_redis_int(std::string_view text, std::int64_t& value);
// ASCII case-insensitive equality (command names and options).
bool equals_ci(std::string_view a, std::string_view b);

}  // namespace soss::net::resp
