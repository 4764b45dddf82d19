// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "request_parser.hpp"

#include <utility>

#include <http_parser.h>

namespace soss::rest {

struct RequestParser::State {
  http_parser parser{};
  http_parser_settings settings{};
  HttpRequest current;
  bool last_was_value = false;
  std::size_t header_bytes = 0;
};

// The C callbacks of http-parser; each returns non-zero to stop the parser with an error.
struct RequestParser::Hooks {
  static RequestParser& self(http_parser* p) { return *static_cast<RequestParser*>(p->data); }

  static int on_message_begin(http_parser* p) {
    RequestParser& r = self(p);
    r.s_->current = HttpRequest{};
    r.s_->last_was_value = false;
    r.s_->header_bytes = 0;
    r.in_message_ = true;
    r.headers_done_ = false;
    return 0;
  }

  static int on_url(http_parser* p, const char* at, std::size_t n) {
    RequestParser& r = self(p);
    r.s_->current.target.append(at, n);
    return r.add_header_bytes(n) ? 0 : 1;
  }

  static int on_header_field(http_parser* p, const char* at, std::size_t n) {
    RequestParser& r = self(p);
    HeaderList& h = r.s_->current.headers;
    if (h.empty() || r.s_->last_was_value) {
      h.emplace_back();
    }
    h.back().first.append(at, n);
    r.s_->last_was_value = false;
    return r.add_header_bytes(n) ? 0 : 1;
  }

  static int on_header_value(http_parser* p, const char* at, std::size_t n) {
    RequestParser& r = self(p);
    HeaderList& h = r.s_->current.headers;
    if (h.empty()) {
      return 1;  // http-parser never sends a value first; be safe anyway
    }
    h.back().second.append(at, n);
    r.s_->last_was_value = true;
    return r.add_header_bytes(n) ? 0 : 1;
  }

  static int on_headers_complete(http_parser* p) {
    RequestParser& r = self(p);
    HttpRequest& req = r.s_->current;
    req.method = http_method_str(static_cast<http_method>(p->method));
    req.keep_alive = http_should_keep_alive(p) != 0;
    r.headers_done_ = true;
    if (p->http_major != 1) {
      r.fail(505, "only HTTP/1.x is served");
      return 3;
    }
    if (!split_target(req)) {
      r.fail(400, "malformed request target");
      return 3;
    }
    if ((p->flags & F_CONTENTLENGTH) != 0 && p->content_length > r.limits_.max_body_bytes) {
      r.fail(413, "the body is " + std::to_string(p->content_length) + " bytes; at most " +
                      std::to_string(r.limits_.max_body_bytes) + " are accepted");
      return 3;
    }
    return check_expect(r, p) ? 0 : 3;
  }

  static bool check_expect(RequestParser& r, http_parser* p) {
    const std::string* expect = r.s_->current.header("Expect");
    if (expect == nullptr) {
      return true;
    }
    if (!iequals(*expect, "100-continue")) {
      r.fail(417, "unsupported Expect: " + *expect);
      return false;
    }
    const bool has_body = (p->flags & F_CHUNKED) != 0 || p->content_length > 0;
    r.continue_pending_ = has_body;
    return true;
  }

  static bool split_target(HttpRequest& req) {
    if (req.target.empty() || req.target[0] != '/') {
      return false;  // absolute-form and authority-form targets are not served
    }
    http_parser_url u;
    http_parser_url_init(&u);
    if (http_parser_parse_url(req.target.data(), req.target.size(), 0, &u) != 0) {
      return false;
    }
    if ((u.field_set & (1 << UF_PATH)) != 0) {
      req.path = req.target.substr(u.field_data[UF_PATH].off, u.field_data[UF_PATH].len);
    }
    if ((u.field_set & (1 << UF_QUERY)) != 0) {
      req.query = req.target.substr(u.field_data[UF_QUERY].off, u.field_data[UF_QUERY].len);
    }
    return true;
  }

  static int on_body(http_parser* p, const char* at, std::size_t n) {
    RequestParser& r = self(p);
    std::string& body = r.s_->current.body;
    if (n > r.limits_.max_body_bytes - body.size()) {
      r.fail(413, "the body exceeds " + std::to_string(r.limits_.max_body_bytes) + " bytes");
      return 1;
    }
    r.continue_pending_ = false;  // the client sent the body without waiting
    body.append(at, n);
    return 0;
  }

  static int on_message_complete(http_parser* p) {
    RequestParser& r = self(p);
    r.ready_.push_back(std::move(r.s_->current));
    r.s_->current = HttpRequest{};
    r.in_message_ = false;
    r.headers_done_ = false;
    r.continue_pending_ = false;
    return 0;
  }
};

RequestParser::RequestParser(ParserLimits limits) : s_(std::make_unique<State>()), limits_(limits) {
  http_parser_init(&s_->parser, HTTP_REQUEST);
  s_->parser.data = this;
  http_parser_settings_init(&s_->settings);
  s_->settings.on_message_begin = &Hooks::on_message_begin;
  s_->settings.on_url = &Hooks::on_url;
  s_->settings.on_header_field = &Hooks::on_header_field;
  s_->settings.on_header_value = &Hooks::on_header_value;
  s_->settings.on_headers_complete = &Hooks::on_headers_complete;
  s_->settings.on_body = &Hooks::on_body;
  s_->settings.on_message_complete = &Hooks::on_message_complete;
}

RequestParser::~RequestParser() = default;

bool RequestParser::feed(const char* data, std::size_t n) {
  std::size_t off = 0;
  while (off < n && !failed()) {
    std::size_t used = http_parser_execute(&s_->parser, &s_->settings, data + off, n - off);
    if (failed()) {
      break;
    }
    auto err = HTTP_PARSER_ERRNO(&s_->parser);
    if (err == HPE_HEADER_OVERFLOW) {
      fail(431, "the request headers are too large");
    } else if (err != HPE_OK) {
      fail(400, std::string("malformed HTTP request: ") + http_errno_description(err));
    } else if (s_->parser.upgrade != 0 && !in_message_) {
      // Upgrade (h2c, websocket) and CONNECT are not served: answer the request that asked in
      // HTTP/1.1 and go on parsing what follows as HTTP/1.1. http-parser sets `upgrade` as soon
      // as the headers end, so restart only once the request, body included, is complete: a
      // body still to come in a later read must not be parsed as requests of its own.
      http_parser_init(&s_->parser, HTTP_REQUEST);
    } else if (used == 0) {
      fail(400, "malformed HTTP request");
    }
    off += used;
  }
  return !failed();
}

HttpRequest RequestParser::take_request() {
  HttpRequest r = std::move(ready_.front());
  ready_.pop_front();
  return r;
}

bool RequestParser::take_continue_request() {
  bool pending = continue_pending_;
  continue_pending_ = false;
  return pending;
}

void RequestParser::fail(int status, std::string message) {
  if (error_status_ == 0) {
    error_status_ = status;
    error_message_ = std::move(message);
  }
}

bool RequestParser::add_header_bytes(std::size_t n) {
  s_->header_bytes += n;
  if (s_->header_bytes > limits_.max_header_bytes) {
    fail(431, "the request line and headers exceed " + std::to_string(limits_.max_header_bytes) +
                  " bytes");
    return false;
  }
  return true;
}

}  // namespace soss::rest
