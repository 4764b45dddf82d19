// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "soss/core/common/clock.hpp"
#include "soss/core/common/status.hpp"
#include "soss/core/store/effect.hpp"
#include "soss/core/store/partitioning.hpp"
#include "soss/core/store/request.hpp"

namespace soss::core {

struct StoreOptions {
  std::uint64_t max_memory_bytes = 0;     // 0 = unlimited
  std::uint32_t lru_threshold_pct = 100;  // evict Normal objects above this % of max_memory
  std::uint32_t lock_timeout_s = 90;      // an unrefreshed lock expires after this
  std::uint64_t max_object_bytes = 32ull << 20;
  std::uint32_t max_list_page = 10000;  // cap and default for kListKeys / kQuery pages

  Status validate() const;
};

struct StoreStats {
  std::uint64_t objects = 0;
  std::uint64_t bytes = 0;  // accounted memory of all objects
  std::uint64_t evictions = 0;
  std::uint64_t expirations = 0;
  std::uint64_t dependency_removals = 0;
  std::uint64_t lock_waiters = 0;  // requests waiting for a lock now
  std::uint64_t requests = 0;
  std::vector<NamespaceInfo> namespaces;
};

// Called once with the final response of a request that had to wait (a lock wait).
using Completion = std::function<void(Response)>;

// The object store of one host: every object operation of SPEC §3 with its semantics (versions,
// timeouts, locks and lock waiting, dependencies, eviction, indexes, namespace registry).
// Thread-safe: one internal mutex. It owns no thread and no timer; time comes from the Clock,
// and the owner calls tick() periodically (every few ms) to fire expirations and lock deadlines.
// Completions are always invoked after the internal mutex is released, on the thread that
// called execute() or tick(), so a completion may call back into the store.
class Store {
 public:
  Store(const Clock& clock, StoreOptions options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Runs one object request (is_object_op). Returns the response, or std::nullopt when the
  // request waits for a lock; then `later` is called exactly once with the response.
  std::optional<Response> execute(const Request& request, Completion later = {});
  // The same, and when `effects` is not null, appends one Effect per object the request created,
  // changed or removed (dependents removed in cascade, evictions, a lock handed to a waiter and
  // a new namespace registration included), each with the object's state when the request ended.
  // Recency (LRU order) is not an effect. A waiting request's later grant is an effect of the
  // request or tick() that grants it; `later` is still called after this returns its effects.
  // With `work`, parents and dependents in partitions this store does not tick (served by
  // another host) are not linked or removed here but appended to `work` for that host.
  std::optional<Response> execute(const Request& request, Completion later,
                                  std::vector<Effect>* effects, DependencyWork* work = nullptr);

  // A host's share of a request that spans partitions (kListNamespaces, kListKeys, kQuery,
  // kClearNamespace): runs it over the objects of the partitions in `only` and ignores the
  // others, so a store spread over hosts answers it as the merge of every primary's share.
  // Namespace counts and bytes then cover `only` (namespaces with none there are still listed).
  // Other operations answer kInvalidArgument. Never waits.
  Response execute_partial(const Request& request, const PartitionSet& only,
                           std::vector<Effect>* effects, DependencyWork* work = nullptr);
  // A hint before a batch of requests is executed: starts loading (prefetching) the objects they
  // name, so the cache misses of the batch overlap. Changes nothing.
  void prefetch(const std::vector<Request>& batch) const;

  // Fires due object timeouts, lock expiries and lock-wait deadlines.
  void tick();
  // The same, appending the effects (expiries, evictions, lapsed locks, locks handed to
  // waiters) and, with `work`, the dependency work for other hosts.
  void tick(std::vector<Effect>* effects, DependencyWork* work = nullptr);

  // Dependencies across hosts (docs/cluster-design.md, "Dependencies across hosts"); `effects`
  // and `work` as for execute().
  // At the parent's primary: adds `child` to the dependents of `parent` when it exists and, with
  // `expected_version` not 0, is still at that version. Returns the parent's version, or 0 when
  // it is absent (or changed).
  std::uint64_t link_dependent(const ObjectId& child, const ObjectId& parent,
                               std::uint64_t expected_version, std::vector<Effect>* effects,
                               DependencyWork* work);
  // At the child's primary: removes `removal.child` (and its dependents) when it is still linked
  // to `removal.parent` at `removal.parent_version` or before.
  DependentRemoval remove_dependent(const DependencyWork::Removal& removal,
                                    std::vector<Effect>* effects, DependencyWork* work);
  // At the child's primary: the parent's primary answered a link (`expected_version` 0) or the
  // check of a link (`expected_version` = the version linked to) with the parent's version now,
  // 0 = absent or changed. A new link records the version, or drops an absent parent from the
  // child's parents (a missing parent is ignored, as on one host); a failed check removes the
  // child (its parent changed while the removal request was lost).
  void resolve_link(const ObjectId& child, const ObjectId& parent, std::uint64_t expected_version,
                    std::uint64_t version, std::vector<Effect>* effects, DependencyWork* work);
  // The parent links of the objects of `partition` (for the check after a view change).
  std::vector<ParentLink> links_in(PartitionId partition) const;

  // Replica side: installs effects verbatim, in order: states (value, metadata, version, lock
  // ticket and the lock's remaining time from now, remaining timeout from now, dependency links,
  // namespace name and accounting, index values) or removals of single objects. Never cascades,
  // evicts or refuses for memory: the primary decided. Raises each partition's version counter
  // to at least the effect's. A replica must not tick() (its copies expire when the primary says
  // so); a promoted replica starts ticking. Returns the first namespace registration that failed
  // (the effects are applied anyway).
  Status apply(const std::vector<Effect>& effects);

  // Migration, source side: the next chunk of `partition`'s objects (as state effects, in id
  // order, about `max_bytes` of accounted memory but at least one object) after `cursor` ("" =
  // from the start). `cursor` is updated; it is empty after the last chunk. An empty partition
  // whose version counter is not 0 yields one removal effect of an id no user object has, which
  // carries the counter. The receiving store imports with apply().
  std::vector<Effect> export_partition(PartitionId partition, std::size_t max_bytes,
                                       std::string& cursor);
  // Forgets every object of `partition` (the host no longer holds it), without cascading to
  // dependents in other partitions; their lock waiters get NotReady.
  Status drop_partition(PartitionId partition);
  // Whether tick() fires the timers (expiries, lock lapses) of `partition`'s objects; on for
  // every partition by default. A host turns it off for the partitions it holds as a replica
  // (their copies expire when the primary's effects say so) and on when it is promoted. A
  // timer that came due meanwhile fires within about a second of the partition turning on.
  void set_ticking(PartitionId partition, bool on);
  // The version counter of `partition` (the last version handed out in it).
  std::uint64_t partition_version(PartitionId partition) const;

  // Applies changed options at run time (lock_timeout, max_memory, lru_threshold...).
  Status set_options(const StoreOptions& options);
  StoreOptions options() const;
  StoreStats stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace soss::core
