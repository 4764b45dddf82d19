// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>

#include <asio.hpp>

namespace soss::net::detail {

// Writes as much of `out` as `socket` (in non-blocking mode) takes now and removes it from
// `out`; `written` gets the byte count. False when the connection failed, not when the socket's
// buffer is merely full. Replies to one read almost always fit: written at once they need no
// asynchronous operation (a handler allocation and a trip through the scheduler per write).
inline bool write_now(asio::ip::tcp::socket& socket, std::string& out, std::size_t& written) {
  asio::error_code ec;
  written = socket.write_some(asio::buffer(out), ec);
  if (ec && ec != asio::error::would_block && ec != asio::error::try_again) {
    written = 0;
    return false;
  }
  if (written == out.size()) {
    out.clear();
  } else {
    out.erase(0, written);
  }
  return true;
}

}  // namespace soss::net::detail
