// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "http_message.hpp"

#include <cctype>
#include <ctime>

#include <fmt/chrono.h>

namespace soss::rest {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

const std::string* HttpRequest::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (iequals(n, name)) {
      return &v;
    }
  }
  return nullptr;
}

void HttpResponse::set(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 417:
      return "Expectation Failed";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

namespace {

// "Date: Tue, 24 Nov 2026 05:00:00 GMT" (RFC 9110 §5.6.7), formatted once per second per thread.
const std::string& date_header() {
  thread_local std::time_t cached_at = 0;
  thread_local std::string cached;
  std::time_t now = std::time(nullptr);
  if (now != cached_at) {
    cached = fmt::format("Date: {:%a, %d %b %Y %H:%M:%S} GMT\r\n", fmt::gmtime(now));
    cached_at = now;
  }
  return cached;
}

}  // namespace

std::string render_response(const HttpResponse& r, bool keep_alive) {
  std::string out;
  out.reserve(128 + r.body.size());
  out += "HTTP/1.1 ";
  out += std::to_string(r.status);
  out += ' ';
  out += reason_phrase(r.status);
  out += "\r\n";
  out += date_header();
  for (const auto& [name, value] : r.headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  // 1xx, 204 and 304 carry no body and no Content-Length (RFC 9110 §8.6).
  const bool bodiless = r.status < 200 || r.status == 204 || r.status == 304;
  if (!bodiless) {
    out += "Content-Length: ";
    out += std::to_string(r.body.size());
    out += "\r\n";
  }
  if (!keep_alive) {
    out += "Connection: close\r\n";
  }
  out += "\r\n";
  if (!bodiless && !r.head_only) {
    out += r.body;
  }
  return out;
}

}  // namespace soss::rest
