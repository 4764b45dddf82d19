// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// cereal serialization of the core request model (private to libsoss_net). Every variable-size
// field is written as a u32 count followed by its bytes/elements; on load the count is checked
// against the bytes left in the frame before anything is allocated, so a lying length can never
// make the service allocate more than the frame it already holds.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <cereal/archives/binary.hpp>

#include "soss/core/store/request.hpp"

namespace soss::net::detail {

// What decoders need to know about the frame being read.
class DecodeContext {
 public:
  virtual ~DecodeContext() = default;
  virtual std::size_t remaining() const = 0;
};

// The input archive of the codec: a binary archive that also knows the bytes left in the frame.
// cereal hands load functions a cereal::BinaryInputArchive&; the codec only ever constructs this
// type, so they cast back to it.
class WireInArchive : public cereal::BinaryInputArchive {
 public:
  WireInArchive(std::istream& is, const DecodeContext& ctx)
      : cereal::BinaryInputArchive(is), ctx_(ctx) {}
  std::size_t remaining() const { return ctx_.remaining(); }

 private:
  const DecodeContext& ctx_;
};

inline std::size_t bytes_left(cereal::BinaryInputArchive& ar) {
  return static_cast<WireInArchive&>(ar).remaining();
}

template <typename Archive>
std::uint32_t load_count(Archive& ar, std::size_t min_element_bytes) {
  std::uint32_t n = 0;
  ar(n);
  if (static_cast<std::uint64_t>(n) * min_element_bytes > bytes_left(ar)) {
    throw std::runtime_error("length " + std::to_string(n) + " exceeds the frame");
  }
  return n;
}

// Strings (bytes).
inline void save_str(cereal::BinaryOutputArchive& ar, const std::string& s) {
  ar(static_cast<std::uint32_t>(s.size()));
  ar(cereal::binary_data(s.data(), s.size()));
}
template <typename Archive>
void load_str(Archive& ar, std::string& s) {
  std::uint32_t n = load_count(ar, 1);
  s.resize(n);
  ar(cereal::binary_data(s.data(), n));
}

// Enums travel as their underlying integer and are range-checked on load.
template <typename E>
void save_enum(cereal::BinaryOutputArchive& ar, E e) {
  ar(static_cast<std::underlying_type_t<E>>(e));
}
template <typename E, typename Archive>
void load_enum(Archive& ar, E& e, std::underlying_type_t<E> max_value, const char* what) {
  std::underlying_type_t<E> v{};
  ar(v);
  if (v > max_value) {
    throw std::runtime_error(std::string("bad ") + what + " value " + std::to_string(v));
  }
  e = static_cast<E>(v);
}

// Booleans travel as one byte that must be 0 or 1 (loading any other byte into a bool is
// undefined behaviour).
inline void save_bool(cereal::BinaryOutputArchive& ar, bool b) {
  ar(static_cast<std::uint8_t>(b ? 1 : 0));
}
template <typename Archive>
void load_bool(Archive& ar, bool& b, const char* what) {
  std::uint8_t v = 0;
  ar(v);
  if (v > 1) {
    throw std::runtime_error(std::string("bad ") + what + " value " + std::to_string(v));
  }
  b = v == 1;
}

// Vectors of serializable elements.
template <typename T>
void save_vec(cereal::BinaryOutputArchive& ar, const std::vector<T>& v) {
  ar(static_cast<std::uint32_t>(v.size()));
  for (const auto& x : v) {
    ar(x);
  }
}
template <typename T, typename Archive>
void load_vec(Archive& ar, std::vector<T>& v) {
  std::uint32_t n = load_count(ar, 1);
  v.clear();
  // Grown as elements decode, never sized from the count alone: a count that lies within the
  // frame's length (1 byte per element) would otherwise allocate sizeof(T) times the frame.
  v.reserve(std::min<std::uint32_t>(n, 1024));
  for (std::uint32_t i = 0; i < n; ++i) {
    T x{};
    ar(x);
    v.push_back(std::move(x));
  }
}

// A string wrapper so strings inside vectors and pairs use the bounded form.
struct Str {
  std::string s;
};

}  // namespace soss::net::detail

// Free serialize functions live in the namespaces of the types (found by ADL).
namespace soss::net::detail {

inline void save(cereal::BinaryOutputArchive& ar, const Str& v) { save_str(ar, v.s); }
template <typename Archive>
void load(Archive& ar, Str& v) {
  load_str(ar, v.s);
}

}  // namespace soss::net::detail

namespace soss::core {

void save(cereal::BinaryOutputArchive& ar, const ObjectId& v);
void save(cereal::BinaryOutputArchive& ar, const CreatePolicy& v);
void save(cereal::BinaryOutputArchive& ar, const ObjectMetadata& v);
void save(cereal::BinaryOutputArchive& ar, const BulkItem& v);
void save(cereal::BinaryOutputArchive& ar, const BulkResult& v);
void save(cereal::BinaryOutputArchive& ar, const NamespaceInfo& v);
void save(cereal::BinaryOutputArchive& ar, const KeyInfo& v);
void save(cereal::BinaryOutputArchive& ar, const Request& v);
void save(cereal::BinaryOutputArchive& ar, const Response& v);

using WireInArchive = cereal::BinaryInputArchive;
void load(WireInArchive& ar, ObjectId& v);
void load(WireInArchive& ar, CreatePolicy& v);
void load(WireInArchive& ar, ObjectMetadata& v);
void load(WireInArchive& ar, BulkItem& v);
void load(WireInArchive& ar, BulkResult& v);
void load(WireInArchive& ar, NamespaceInfo& v);
void load(WireInArchive& ar, KeyInfo& v);
void load(WireInArchive& ar, Request& v);
void load(WireInArchive& ar, Response& v);

}  // namespace soss::core
