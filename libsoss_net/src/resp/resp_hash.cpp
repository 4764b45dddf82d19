// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "resp/resp_hash.hpp"

#include <cstdint>

namespace soss::net::resp {
namespace {

constexpr char kTag = 'H';
constexpr char kVersion = 1;

void put_varint(std::uint64_t v, std::string& out) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool get_varint(std::string_view& in, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (in.empty()) {
      return false;
    }
    const auto b = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) {
      return true;
    }
  }
  return false;
}

bool get_bytes(std::string_view& in, std::string& out) {
  std::uint64_t n = 0;
  if (!get_varint(in, n) || n > in.size()) {
    return false;
  }
  out.assign(in.substr(0, static_cast<std::size_t>(n)));
  in.remove_prefix(static_cast<std::size_t>(n));
  return true;
}

}  // namespace

void encode_hash(const HashMap& map, std::string& out) {
  out.clear();
  out.push_back(kTag);
  out.push_back(kVersion);
  for (const auto& [field, value] : map) {
    put_varint(field.size(), out);
    out.append(field);
    put_varint(value.size(), out);
    out.append(value);
  }
}

bool decode_hash(std::string_view bytes, HashMap& out) {
  out.clear();
  if (bytes.size() < 2 || bytes[0] != kTag || bytes[1] != kVersion) {
    return false;
  }
  bytes.remove_prefix(2);
  while (!bytes.empty()) {
    std::string field;
    std::string value;
    if (!get_bytes(bytes, field) || !get_bytes(bytes, value)) {
      return false;
    }
    out.insert_or_assign(std::move(field), std::move(value));
  }
  return true;
}

}  // namespace soss::net::resp
