// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Client helpers for the door tests: send bytes to 127.0.0.1:port and collect the answer; wait
// (bounded) for a condition or for the door to close a connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include <asio.hpp>

namespace soss::test {

// Reads from a non-blocking socket until `expected_bytes` arrived, the peer closed, or
// `deadline` passed.
inline std::string read_until(asio::ip::tcp::socket& s, std::size_t expected_bytes,
                              std::chrono::steady_clock::time_point deadline) {
  std::string got;
  char buf[4096];
  while (got.size() < expected_bytes && std::chrono::steady_clock::now() < deadline) {
    asio::error_code ec;
    std::size_t n = s.read_some(asio::buffer(buf), ec);
    if (ec == asio::error::would_block) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    if (ec) {
      break;
    }
    got.append(buf, n);
  }
  return got;
}

// Sends `bytes` and reads until `expected_bytes` arrived, the service closes, or 5 s pass.
inline std::string exchange(std::uint16_t port, const std::string& bytes,
                            std::size_t expected_bytes) {
  asio::io_context io;
  asio::ip::tcp::socket s(io);
  s.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(s, asio::buffer(bytes));
  s.non_blocking(true);
  return read_until(s, expected_bytes, std::chrono::steady_clock::now() + std::chrono::seconds(5));
}

// Polls `done` every 20 ms for up to `seconds`.
template <typename F>
bool eventually(F done, int seconds = 5) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (done()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

// True when the peer closed the socket within `seconds` (data before the close is skipped, or
// kept in `got`).
inline bool closed_within(asio::ip::tcp::socket& s, int seconds, std::string* got = nullptr) {
  s.non_blocking(true);
  return eventually(
      [&] {
        char buf[4096];
        asio::error_code ec;
        std::size_t n = s.read_some(asio::buffer(buf), ec);
        if (!ec && got != nullptr) {
          got->append(buf, n);
        }
        return ec && ec != asio::error::would_block;
      },
      seconds);
}

}  // namespace soss::test
