// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace soss::core {

// A namespace ("named cache", "application") is identified by a 32-bit id derived from its name.
using NamespaceId = std::uint32_t;
inline constexpr NamespaceId kMaxUserNamespaceId = 0x0FFFFFFF;  // larger ids are system namespaces
inline constexpr std::size_t kMaxNamespaceNameBytes = 280;

// The first 4 bytes (big-endian) of SHA-256(name), masked to 0x0FFFFFFF.
NamespaceId namespace_id_of(std::string_view name);

// Objects are named by 256-bit keys; a string key is SHA-256 of its UTF-8 bytes.
using KeyBytes = std::array<std::uint8_t, 32>;
KeyBytes key_of(std::string_view text);
// Lower-case hex of the first `bytes` bytes (for logs and listings; never log whole keys).
std::string key_hex(const KeyBytes& key, std::size_t bytes = 32);

// An object's full identity: namespace plus key.
struct ObjectId {
  NamespaceId ns = 0;
  KeyBytes key{};
  friend bool operator==(const ObjectId& a, const ObjectId& b) {
    return a.ns == b.ns && a.key == b.key;
  }
  friend bool operator!=(const ObjectId& a, const ObjectId& b) { return !(a == b); }
};

struct ObjectIdHash {
  std::size_t operator()(const ObjectId& id) const noexcept {
    // Keys are SHA-256 output or caller-chosen bytes; mix the namespace in so raw keys spread too.
    std::uint64_t h = 0;
    std::memcpy(&h, id.key.data(), sizeof h);
    return static_cast<std::size_t>(h ^ (std::uint64_t{id.ns} * 0x9E3779B97F4A7C15ull));
  }
};

enum class TimeoutType : std::uint8_t {
  kAbsolute = 0,       // expires timeout_s after the object was created or last put
  kSliding = 1,        // reset by every read or update
  kResetOnUpdate = 2,  // reset by every update, not by reads
};

enum class Priority : std::uint8_t {
  kNormal = 0,        // may be evicted (least recently used first) under memory pressure
  kNotRemovable = 1,  // never evicted
};

inline constexpr std::size_t kMaxParents = 2;
inline constexpr std::size_t kMaxIndexValues = 8;
inline constexpr std::size_t kMaxIndexValueBytes = 256;
inline constexpr std::size_t kMaxKeyNameBytes = 4096;
inline constexpr std::size_t kMaxContentTypeBytes = 256;

// An opaque lock ticket; 0 means "no lock".
using LockTicket = std::uint64_t;

// How a write creates or refreshes an object.
struct CreatePolicy {
  std::uint32_t timeout_s = 0;  // 0 = never expires
  TimeoutType timeout_type = TimeoutType::kAbsolute;
  Priority priority = Priority::kNormal;
  std::vector<ObjectId> parents;  // at most kMaxParents; removing/updating a parent removes this
};

// What the store knows about an object besides its value.
struct ObjectMetadata {
  std::uint32_t timeout_s = 0;  // first: the store checks it on every access
  TimeoutType timeout_type = TimeoutType::kAbsolute;
  Priority priority = Priority::kNormal;
  bool locked = false;
  std::uint64_t version = 0;    // grows on every update; the REST ETag
  std::int64_t created_ms = 0;  // wall time, ms since the Unix epoch
  std::int64_t updated_ms = 0;
  std::uint64_t size = 0;  // value bytes
  std::string key_name;    // the original string key, when one was given
  std::string content_type;
  std::vector<ObjectId> parents;
  std::vector<std::string> indexes;  // slot i = index value i; empty string = unset

  friend bool operator==(const ObjectMetadata&, const ObjectMetadata&) = default;
};

}  // namespace soss::core

template <>
struct std::hash<soss::core::ObjectId> : soss::core::ObjectIdHash {};
