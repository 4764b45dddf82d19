// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// A one-shot client for the door tests: send bytes to 127.0.0.1:port, collect the answer.
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

}  // namespace soss::test
