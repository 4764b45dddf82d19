// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/core/store/store.hpp"

#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "store/store_engine.hpp"

namespace soss::core {

Status StoreOptions::validate() const {
  if (lru_threshold_pct < 1 || lru_threshold_pct > 100) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("lru_threshold_pct {} is not 1..100", lru_threshold_pct));
  }
  if (lock_timeout_s < 1 || lock_timeout_s > 86400) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("lock_timeout_s {} is not 1..86400", lock_timeout_s));
  }
  if (max_object_bytes < 1 || max_object_bytes > (2ull << 30)) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("max_object_bytes {} is not 1..2147483648", max_object_bytes));
  }
  if (max_list_page < 1) {
    return Status(StatusCode::kInvalidArgument, "max_list_page must be at least 1");
  }
  return Status::ok();
}

// The mutex around the engine. Completions gathered under the lock are invoked after it is
// released, so that a completion may call back into the store.
class Store::Impl {
 public:
  Impl(const Clock& clock, StoreOptions options) : engine_(clock, options) {}

  // Runs `f` on the engine under the mutex, then delivers the completions it produced.
  template <typename F>
  auto locked(F&& f) {
    std::unique_lock<std::mutex> lock(mutex_);
    if constexpr (std::is_void_v<std::invoke_result_t<F, StoreEngine&>>) {
      f(engine_);
      deliver(lock);
    } else {
      auto result = f(engine_);
      deliver(lock);
      return result;
    }
  }

  StoreOptions options() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return engine_.options();
  }

  StoreStats stats() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return engine_.stats();
  }

  std::uint64_t partition_version(PartitionId partition) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return engine_.partition_version(partition);
  }

  std::vector<ParentLink> links_in(PartitionId partition) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return engine_.links_in(partition);
  }

  void prefetch(const std::vector<Request>& batch) const {
    std::lock_guard<std::mutex> lock(mutex_);
    engine_.prefetch(batch);
  }

 private:
  void deliver(std::unique_lock<std::mutex>& lock) {
    std::vector<PendingCompletion> done = engine_.take_completions();
    lock.unlock();
    for (PendingCompletion& c : done) {
      c.done(std::move(c.response));
    }
  }

  mutable std::mutex mutex_;
  StoreEngine engine_;
};

Store::Store(const Clock& clock, StoreOptions options)
    : impl_(std::make_unique<Impl>(clock, options)) {}

// Waiters still queued are answered kUnavailable, keeping "called exactly once".
Store::~Store() {
  impl_->locked([](StoreEngine& e) { e.abandon_waiters(); });
}

std::optional<Response> Store::execute(const Request& request, Completion later) {
  return impl_->locked([&](StoreEngine& e) { return e.execute(request, later); });
}

std::optional<Response> Store::execute(const Request& request, Completion later,
                                       std::vector<Effect>* effects, DependencyWork* work) {
  return impl_->locked([&](StoreEngine& e) { return e.execute(request, later, effects, work); });
}

Response Store::execute_partial(const Request& request, const PartitionSet& only,
                                std::vector<Effect>* effects, DependencyWork* work) {
  return impl_->locked(
      [&](StoreEngine& e) { return e.execute_partial(request, only, effects, work); });
}

void Store::tick() {
  impl_->locked([](StoreEngine& e) { e.tick(); });
}

void Store::tick(std::vector<Effect>* effects, DependencyWork* work) {
  impl_->locked([&](StoreEngine& e) { e.tick(effects, work); });
}

std::uint64_t Store::link_dependent(const ObjectId& child, const ObjectId& parent,
                                    std::uint64_t expected_version, std::vector<Effect>* effects,
                                    DependencyWork* work) {
  return impl_->locked([&](StoreEngine& e) {
    return e.link_dependent(child, parent, expected_version, effects, work);
  });
}

DependentRemoval Store::remove_dependent(const DependencyWork::Removal& removal,
                                         std::vector<Effect>* effects, DependencyWork* work) {
  return impl_->locked([&](StoreEngine& e) { return e.remove_dependent(removal, effects, work); });
}

void Store::resolve_link(const ObjectId& child, const ObjectId& parent,
                         std::uint64_t expected_version, std::uint64_t version,
                         std::vector<Effect>* effects, DependencyWork* work) {
  impl_->locked([&](StoreEngine& e) {
    e.resolve_link(child, parent, expected_version, version, effects, work);
  });
}

std::vector<ParentLink> Store::links_in(PartitionId partition) const {
  return impl_->links_in(partition);
}

Status Store::apply(const std::vector<Effect>& effects) {
  return impl_->locked([&](StoreEngine& e) { return e.apply(effects); });
}

std::vector<Effect> Store::export_partition(PartitionId partition, std::size_t max_bytes,
                                            std::string& cursor) {
  return impl_->locked(
      [&](StoreEngine& e) { return e.export_partition(partition, max_bytes, cursor); });
}

Status Store::drop_partition(PartitionId partition) {
  return impl_->locked([&](StoreEngine& e) { return e.drop_partition(partition); });
}

void Store::set_ticking(PartitionId partition, bool on) {
  impl_->locked([&](StoreEngine& e) { e.set_ticking(partition, on); });
}

std::uint64_t Store::partition_version(PartitionId partition) const {
  return impl_->partition_version(partition);
}

Status Store::set_options(const StoreOptions& options) {
  return impl_->locked([&](StoreEngine& e) { return e.set_options(options); });
}

StoreOptions Store::options() const { return impl_->options(); }

StoreStats Store::stats() const { return impl_->stats(); }

void Store::prefetch(const std::vector<Request>& batch) const { impl_->prefetch(batch); }

}  // namespace soss::core
