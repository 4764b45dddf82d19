// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Forwarding between hosts: the requests this host sent on to another host (to a key's primary,
// or one share of a spanning request) until each is answered, settled by a view change or past
// its deadline; and the duplicate filter for the requests other hosts forward here.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "soss/core/common/clock.hpp"
#include "soss/core/membership/partition_map.hpp"
#include "soss/core/membership/view.hpp"
#include "soss/core/store/store.hpp"

namespace soss::core {

class Forwards {
 public:
  using Answer = std::pair<Completion, Response>;
  // A read taken back at a view change, to be routed again in the new view.
  using Retry = std::pair<Request, Completion>;

  // Ids grow from `first_id` (the clock at start: a restarted host continues above its former
  // self, so receivers' duplicate windows still work).
  explicit Forwards(std::uint64_t first_id) : next_id_(first_id) {}

  // Records a request sent to `to`; returns the id its ForwardRequest carries.
  std::uint64_t add(HostId to, const Request& request, Completion done, bool share,
                    TimePoint deadline);
  // The completion of forward `id` once its answer came; nothing when it was settled already.
  std::optional<Completion> answered(std::uint64_t id);
  // Forwards whose deadline passed answer Unavailable: the outcome is unknown.
  void expire(TimePoint now, std::vector<Answer>& ready);
  // At a view change, forwards whose host can no longer answer them as primary settle:
  //  - a read goes back to the caller (returned) to be routed in the new view: it changed
  //    nothing where it went, if it got there at all;
  //  - anything else sent to a host that left the view answers Unavailable (it may have been
  //    applied and replicated before the host failed: running it again could apply it twice);
  //    a share of a listing answers NotReady (nothing happened);
  //  - a write to a host still in the view waits: that host adopts the same view and answers it
  //    for certain (refused, or its outcome as primary).
  std::vector<Retry> settle(const View& view, const PartitionMap& map, std::vector<Answer>& ready);

  // False for a forward from `from` already seen (running a write twice could undo a later one).
  bool first_delivery(HostId from, std::uint64_t id);

  std::uint64_t single_key_count() const { return single_key_count_; }
  std::size_t pending() const { return out_.size(); }

 private:
  struct Out {
    Completion done;
    TimePoint deadline{};
    HostId to = 0;
    PartitionId partition = 0;  // a single-key request's partition (not used for shares)
    bool share = false;
    bool may_write = true;         // its outcome is unknown once it cannot be answered
    std::optional<Request> again;  // a read: sent again to the partition's next primary
  };
  struct Seen {
    std::uint64_t floor = 0;
    std::set<std::uint64_t> ids;
  };

  std::map<std::uint64_t, Out> out_;
  std::uint64_t next_id_;
  std::uint64_t single_key_count_ = 0;
  std::map<HostId, Seen> seen_;
};

}  // namespace soss::core
