// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "soss/core/store/types.hpp"

namespace soss::core {

// Everything a store holds about one object, in a form another host can install verbatim.
// Deadlines travel as remaining durations because hosts do not share a monotonic clock.
struct ObjectState {
  std::string value;
  ObjectMetadata meta;                  // meta.locked and meta.size describe this state
  LockTicket ticket = 0;                // 0 = not locked
  std::uint64_t lock_remaining_ms = 0;  // while locked: time until the lock lapses
  // Time until the object expires; none when meta.timeout_s is 0. 0 while an expiry is
  // deferred by the lock (the object expires when the lock goes).
  std::optional<std::uint64_t> timeout_remaining_ms;
  std::vector<ObjectId> dependents;  // objects that named this one as a parent, in id order

  friend bool operator==(const ObjectState&, const ObjectState&) = default;
};

// What one request did to one object: its new state, or its removal. The primary executes a
// request and ships its effects; a replica installs them with Store::apply().
struct Effect {
  ObjectId id;
  std::optional<ObjectState> state;  // nullopt = removed (or absent)
  // The registered name of id.ns ("" = none): a write registers its namespace even when it
  // changes no object, and the replica's listings must show it too.
  std::string ns_name;
  // The version counter of id's partition after the request. It travels with removals too: an
  // object created and evicted within one request still consumed a version, and a promoted
  // replica must never hand out a version again.
  std::uint64_t partition_version = 0;

  friend bool operator==(const Effect&, const Effect&) = default;
};

}  // namespace soss::core
