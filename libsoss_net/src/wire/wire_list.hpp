// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Bounded list and variant helpers for the host-to-host codec (private to libsoss_net).
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "wire/wire_types.hpp"

namespace soss::net::detail {

// Writes a u32 count, then each element with `save_one(ar, element)`.
template <typename T, typename F>
void save_list(cereal::BinaryOutputArchive& ar, const std::vector<T>& v, F&& save_one) {
  ar(static_cast<std::uint32_t>(v.size()));
  for (const auto& x : v) {
    save_one(ar, x);
  }
}

// Reads a u32 count, checks count * min_wire_bytes against the bytes left, then loads the
// elements one at a time. The vector grows as elements decode (never resized to the count read
// from the wire), so an element type much larger in memory than on the wire cannot turn a small
// frame into a huge allocation.
template <typename T, typename F>
void load_list(cereal::BinaryInputArchive& ar, std::vector<T>& v, std::size_t min_wire_bytes,
               F&& load_one) {
  std::uint32_t n = load_count(ar, min_wire_bytes);
  v.clear();
  for (std::uint32_t i = 0; i < n; ++i) {
    T x{};
    load_one(ar, x);
    v.push_back(std::move(x));
  }
}

// Variants travel as a u8 tag (the alternative's index) followed by the alternative.
template <typename V, typename F>
void save_variant(cereal::BinaryOutputArchive& ar, const V& v, F&& save_one) {
  static_assert(std::variant_size_v<V> <= 256);
  ar(static_cast<std::uint8_t>(v.index()));
  std::visit([&](const auto& x) { save_one(ar, x); }, v);
}

template <typename V, std::size_t I = 0, typename F>
void load_alternative(cereal::BinaryInputArchive& ar, V& v, std::size_t index, F& load_one) {
  if constexpr (I < std::variant_size_v<V>) {
    if (index == I) {
      std::variant_alternative_t<I, V> x{};
      load_one(ar, x);
      v = std::move(x);
      return;
    }
    load_alternative<V, I + 1>(ar, v, index, load_one);
  }
}

template <typename V, typename F>
void load_variant(cereal::BinaryInputArchive& ar, V& v, F&& load_one, const char* what) {
  std::uint8_t tag = 0;
  ar(tag);
  if (tag >= std::variant_size_v<V>) {
    throw std::runtime_error(std::string("bad ") + what + " tag " + std::to_string(tag));
  }
  load_alternative(ar, v, tag, load_one);
}

[[noreturn]] inline void fail(const std::string& why) { throw std::runtime_error(why); }

}  // namespace soss::net::detail
