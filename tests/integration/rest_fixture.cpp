// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "integration/rest_fixture.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace soss::test {
namespace {

std::string lower(std::string s) {
  for (char& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

// The header block of the last response in a curl -D dump (100 Continue and 401 come first).
std::map<std::string, std::string> parse_headers(const std::string& dump) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos < dump.size()) {
    std::size_t eol = dump.find("\r\n", pos);
    std::string line = dump.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
    pos = eol == std::string::npos ? dump.size() : eol + 2;
    if (line.rfind("HTTP/", 0) == 0) {
      out.clear();
    } else if (auto colon = line.find(':'); colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      out[lower(line.substr(0, colon))] = value;
    }
  }
  return out;
}

int connect_loopback(std::uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

RestFixture::RestFixture(const std::string& extra_config, bool tls)
    : port_(free_port()), tls_(tls) {
  std::string conf = dir_.file("soss_rest.conf");
  write_text(conf,
             "# written by the REST integration test\n"
             "listen_address 127.0.0.1\n"
             "port " +
                 std::to_string(port_) +
                 "\n"
                 "store bootstrapGateways=127.0.0.1:" +
                 std::to_string(service_.svr_port()) +
                 ";maxRequestRetries=2\n"
                 "threads 4\n"
                 "log_level debug\n" +
                 extra_config);
  rest_ = std::make_unique<Process>(std::vector<std::string>{SOSS_REST_BIN, "--config", conf},
                                    dir_.file("rest.log"));
  bool up = eventually([&] {
    int fd = connect_loopback(port_);
    if (fd >= 0) {
      close(fd);
    }
    return fd >= 0 || !rest_->running();
  });
  if (!up || !rest_->running()) {
    throw std::runtime_error("soss_rest did not come up; log:\n" + log());
  }
}

RestFixture::~RestFixture() { rest_.reset(); }

std::string RestFixture::url(const std::string& path) const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) + path;
}

HttpResult RestFixture::curl(const std::vector<std::string>& args) const {
  static const std::string curl_bin = find_program("curl");
  std::string headers = dir_.file("curl.headers");
  std::string body = dir_.file("curl.body");
  std::vector<std::string> argv{curl_bin, "-s", "-S", "--max-time", "15",          "-D",
                                headers,  "-o", body, "-w",         "%{http_code}"};
  argv.insert(argv.end(), args.begin(), args.end());
  RunResult r = run(argv, {}, std::chrono::seconds(20));
  HttpResult out;
  out.status = std::atoi(r.out.c_str());
  out.headers = parse_headers(read_text(headers));
  out.body = read_text(body);
  out.err = r.err;
  std::remove(headers.c_str());
  std::remove(body.c_str());
  return out;
}

std::shared_ptr<client::GridConnection> RestFixture::client() const {
  auto c = client::GridConnection::connect("bootstrapGateways=127.0.0.1:" +
                                           std::to_string(service_.svr_port()));
  if (!c.ok()) {
    throw std::runtime_error("cannot connect the client: " + c.message);
  }
  return c.connection;
}

std::string raw_exchange(std::uint16_t port, const std::string& bytes,
                         std::chrono::milliseconds timeout, bool* closed) {
  if (closed != nullptr) {
    *closed = false;
  }
  int fd = connect_loopback(port);
  if (fd < 0) {
    return {};
  }
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      break;  // the server may close early (413): read what it answered
    }
    sent += static_cast<std::size_t>(n);
  }
  std::string got;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[16384];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (poll(&p, 1, static_cast<int>(left.count()) + 1) <= 0) {
      continue;
    }
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      if (closed != nullptr) {
        *closed = true;
      }
      break;
    }
    got.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  return got;
}

std::vector<int> statuses_of(const std::string& text) {
  std::vector<int> out;
  std::size_t pos = 0;
  while ((pos = text.find("HTTP/1.1 ", pos)) != std::string::npos) {
    out.push_back(std::atoi(text.c_str() + pos + 9));
    pos += 9;
  }
  return out;
}

}  // namespace soss::test
