// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <string>

#include "http_message.hpp"

namespace soss::rest {

struct ParserLimits {
  std::size_t max_header_bytes = 64 * 1024;       // request line + headers
  std::size_t max_body_bytes = 16 * 1024 * 1024;  // after chunked decoding
};

// Turns the bytes of one connection into HttpRequests with http-parser (libhttp-parser), keeping
// every request within ParserLimits. Pipelined requests queue up in order. After an error no
// more requests come out: the connection answers error_status() and closes.
// Not thread-safe; owned by one connection.
class RequestParser {
 public:
  explicit RequestParser(ParserLimits limits);
  ~RequestParser();
  RequestParser(const RequestParser&) = delete;
  RequestParser& operator=(const RequestParser&) = delete;

  // Parses `n` more bytes. Complete requests are queued; returns false on an error.
  bool feed(const char* data, std::size_t n);

  bool has_request() const { return !ready_.empty(); }
  HttpRequest take_request();

  bool failed() const { return error_status_ != 0; }
  int error_status() const { return error_status_; }  // 400, 413, 431, 501, 505
  const std::string& error_message() const { return error_message_; }

  // True while a request has started but is not complete (for the read timeout).
  bool in_request() const { return in_message_; }
  // True while the current request's headers are complete and its body is still arriving.
  bool in_body() const { return in_message_ && headers_done_; }
  // True when a "100 Continue" is due (take_continue_request() takes it).
  bool continue_pending() const { return continue_pending_; }
  // True once, when the current request's headers asked for "Expect: 100-continue" and its
  // body is still to come: the connection then sends "100 Continue".
  bool take_continue_request();

  // Callbacks of http-parser; public only so the C callbacks can reach them.
  struct Hooks;

 private:
  void fail(int status, std::string message);
  bool add_header_bytes(std::size_t n);

  struct State;
  std::unique_ptr<State> s_;
  ParserLimits limits_;
  std::deque<HttpRequest> ready_;
  int error_status_ = 0;
  std::string error_message_;
  bool in_message_ = false;
  bool headers_done_ = false;
  bool continue_pending_ = false;
};

}  // namespace soss::rest
