// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "integration/service_fixture.hpp"
#include "soss/client/grid_connection.hpp"
#include "support/process.hpp"

namespace soss::test {

// What curl saw: the status, the headers of the last response (names lower-cased) and the body.
struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;
  std::string body;
  std::string err;  // curl's stderr
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// A real soss_service plus a real soss_rest on 127.0.0.1 (free ports), talking to it through
// the client library; both stopped by pid at the end. `extra_config` is appended to the
// soss_rest.conf the fixture writes.
class RestFixture {
 public:
  explicit RestFixture(const std::string& extra_config = {}, bool tls = false);
  ~RestFixture();

  std::uint16_t port() const { return port_; }
  std::string url(const std::string& path) const;
  // Runs curl with `args` (plus -s -S, a 15 s bound and files for headers and body).
  HttpResult curl(const std::vector<std::string>& args) const;
  std::shared_ptr<client::GridConnection> client() const;
  ServiceFixture& service() { return service_; }
  Process& process() { return *rest_; }
  std::string log() const { return read_text(dir_.file("rest.log")); }
  const TempDir& dir() const { return dir_; }

 private:
  ServiceFixture service_;
  TempDir dir_;
  std::uint16_t port_;
  bool tls_;
  std::unique_ptr<Process> rest_;
};

// Sends `bytes` over a fresh TCP connection to 127.0.0.1:port and returns everything received
// until the server closes or `timeout` passes (then `*closed` is false).
std::string raw_exchange(std::uint16_t port, const std::string& bytes,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5),
                         bool* closed = nullptr);

// The status codes of the responses in `text`, in order ("HTTP/1.1 200 OK..." -> 200).
std::vector<int> statuses_of(const std::string& text);

}  // namespace soss::test
