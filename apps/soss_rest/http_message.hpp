// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace soss::rest {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// True when `a` and `b` are equal ignoring ASCII case (header names, tokens).
bool iequals(std::string_view a, std::string_view b);

// One parsed HTTP request. Plain data; owned by the connection that parsed it.
struct HttpRequest {
  std::string method;  // "GET", "PUT", ...
  std::string target;  // the request target as sent: "/data/ns/key?x=1"
  std::string path;    // the target's path, still percent-encoded
  std::string query;   // the target's query, without '?'
  HeaderList headers;
  std::string body;
  bool keep_alive = true;

  // The first header named `name` (case-insensitive); nullptr when absent.
  const std::string* header(std::string_view name) const;
};

// One HTTP response. The connection adds Content-Length, Connection and Date.
struct HttpResponse {
  int status = 200;
  HeaderList headers;
  std::string body;
  bool close = false;      // close the connection after this response
  bool head_only = false;  // a HEAD request: send the headers of `body`, not the body

  void set(std::string name, std::string value);
};

// The standard reason phrase of a status ("Not Found"), or "Unknown".
std::string_view reason_phrase(int status);

// The bytes of `r` on the wire: status line, headers, Content-Length, Connection, body.
std::string render_response(const HttpResponse& r, bool keep_alive);

}  // namespace soss::rest
