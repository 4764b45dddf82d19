// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "cluster/replication/forwards.hpp"

#include <fmt/format.h>

namespace soss::core {

namespace {

// Requests that change nothing where they run (reads, listings): running one twice is harmless.
bool changes_nothing(OpCode op) {
  switch (op) {
    case OpCode::kRead:
    case OpCode::kMetadata:
    case OpCode::kListNamespaces:
    case OpCode::kListKeys:
    case OpCode::kQuery:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::uint64_t Forwards::add(HostId to, const Request& request, Completion done, bool share,
                            TimePoint deadline) {
  const std::uint64_t id = next_id_++;
  single_key_count_ += share ? 0 : 1;
  Out& f = out_[id];
  f.done = std::move(done);
  f.deadline = deadline;
  f.to = to;
  f.partition = partition_of(request.id);
  f.share = share;
  f.may_write = !changes_nothing(request.op);
  if (!share && !f.may_write) {
    f.again = request;  // a copy of a read (small: no value) in case the primary fails
  }
  return id;
}

std::optional<Completion> Forwards::answered(std::uint64_t id) {
  auto it = out_.find(id);
  if (it == out_.end()) {
    return std::nullopt;
  }
  Completion done = std::move(it->second.done);
  out_.erase(it);
  return done;
}

void Forwards::expire(TimePoint now, std::vector<Answer>& ready) {
  for (auto it = out_.begin(); it != out_.end();) {
    if (it->second.deadline <= now) {
      ready.emplace_back(std::move(it->second.done),
                         Response::of(StatusCode::kUnavailable,
                                      "no answer from the partition's primary: outcome unknown"));
      it = out_.erase(it);
    } else {
      ++it;
    }
  }
}

std::vector<Forwards::Retry> Forwards::settle(const View& view, const PartitionMap& map,
                                              std::vector<Answer>& ready) {
  std::vector<Retry> again;
  for (auto it = out_.begin(); it != out_.end();) {
    Out& f = it->second;
    const bool gone = !view.contains(f.to);
    if (f.again && (gone || map.primary_of(f.partition) != f.to)) {
      again.emplace_back(std::move(*f.again), std::move(f.done));
    } else if (gone) {
      ready.emplace_back(
          std::move(f.done),
          f.may_write ? Response::of(StatusCode::kUnavailable,
                                     fmt::format("host {} left the store before it answered: "
                                                 "the outcome is unknown",
                                                 f.to))
                      : Response::of(StatusCode::kNotReady, "the store changed: retry"));
    } else {
      ++it;
      continue;
    }
    it = out_.erase(it);
  }
  return again;
}

// A bounded window of the ids seen per sender catches duplicates (ids grow per sender).
bool Forwards::first_delivery(HostId from, std::uint64_t id) {
  constexpr std::size_t kWindow = 4096;
  Seen& seen = seen_[from];
  if (id < seen.floor || !seen.ids.insert(id).second) {
    return false;
  }
  while (seen.ids.size() > kWindow) {
    seen.floor = *seen.ids.begin() + 1;
    seen.ids.erase(seen.ids.begin());
  }
  return true;
}

}  // namespace soss::core
