// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "soss/net/input_budget.hpp"

namespace soss::net::detail {

// The bytes a connection has read and not yet consumed. It grows only as bytes arrive (at most
// doubling what is held), never to the length a header or bulk prefix claims, and charges what
// it holds above one read chunk to the process's InputBudget. Not thread-safe: one io thread.
class InputBuffer {
 public:
  static constexpr std::size_t kChunk = 64 * 1024;

  // `budget` may be null (no shared limit); `holder` is who the budget sheds.
  InputBuffer(InputBudget* budget, InputBudget::Holder& holder);
  ~InputBuffer();
  InputBuffer(const InputBuffer&) = delete;
  InputBuffer& operator=(const InputBuffer&) = delete;

  // Makes room for the next read. `wanted` is the length the message being received needs in
  // all (0 = not known). False when the budget refuses to let this connection hold more.
  bool prepare(std::size_t wanted);
  char* space() { return bytes_.data() + used_; }
  std::size_t space_size() const { return bytes_.size() - used_; }
  void commit(std::size_t n) { used_ += n; }

  const char* data() const { return bytes_.data(); }
  std::size_t size() const { return used_; }
  std::string_view view() const { return {bytes_.data(), used_}; }
  // Drops the first n bytes (moving the tail, usually nothing or part of one message, to the
  // front) and gives memory back once a big message is done.
  void consume(std::size_t n);
  std::size_t capacity() const { return bytes_.size(); }

 private:
  void recharge();

  InputBudget* budget_;
  InputBudget::Holder& holder_;
  std::string bytes_;
  std::size_t used_ = 0;
};

}  // namespace soss::net::detail
