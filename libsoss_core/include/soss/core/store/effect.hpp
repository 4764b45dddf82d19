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
  // Objects that named this one as a parent, in id order, wherever they live: on a store of
  // several hosts, children in partitions another host serves are kept too (their removal is
  // requested from that host when this object changes), and an entry may be stale (the child
  // was rewritten since): removals check the child's own link first.
  std::vector<ObjectId> dependents;
  // One per meta.parents entry: the version of the parent this object was linked to, 0 while
  // the link is not confirmed yet (the parent lives on another host). Empty without parents.
  std::vector<std::uint64_t> parent_versions;

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

// What a request left for other hosts to do, when the store runs with some partitions served
// elsewhere (Store::set_ticking off) and the caller passes a sink: links of a child written here
// to parents in such partitions, and removals of dependents in them. Without a sink the store
// treats every partition as its own (a lone store), and this stays empty.
struct DependencyWork {
  // `child` (written here) names `parent`: the parent's primary adds it to its dependents.
  struct Link {
    ObjectId child;
    ObjectId parent;
  };
  // `parent`, at `parent_version`, was updated or removed: its dependent `child` must go, if it
  // is still linked to that version of it.
  struct Removal {
    ObjectId child;
    ObjectId parent;
    std::uint64_t parent_version = 0;
  };
  std::vector<Link> links;
  std::vector<Removal> removals;

  bool empty() const { return links.empty() && removals.empty(); }
};

// One object's link to one of its parents (Store::links_in).
struct ParentLink {
  ObjectId child;
  ObjectId parent;
  std::uint64_t version = 0;  // the parent's version it is linked to; 0 = not confirmed yet
};

// What Store::remove_dependent did.
enum class DependentRemoval : std::uint8_t {
  kDone,     // removed (with its own dependents), or nothing to do: absent or linked elsewhere
  kPending,  // the child's link to that parent is not confirmed yet: ask again later
};

}  // namespace soss::core
