// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "soss/core/membership/partition_map.hpp"

namespace soss::core {

// The life cycle of one host (SPEC §4 "States").
enum class HostState : std::uint8_t {
  kInactive = 0,  // not part of any store (never joined, or left)
  kJoining = 1,   // asked to be added; serves nothing until a committed view includes it
  kActive = 2,    // member of the committed view it holds
  kLeaving = 3,   // asked to be removed; still a member until a view without it commits
  kIsolated = 4,  // cannot reach a majority of its view: refuses object requests (NotReady)
};

std::string_view host_state_name(HostState state);

// One member of a view. `incarnation` tells a restarted (or rejoining) host from its former
// self: a host that comes back with a new incarnation is removed and then added as a new member,
// because it holds none of the data the view says it holds.
struct Member {
  HostId id = 0;
  std::uint32_t weight = 0;
  std::uint64_t incarnation = 0;

  bool operator==(const Member&) const = default;
};

// A committed membership view: a plain value. `lineage` names the history the view belongs to:
// the founding host picks it when it creates the store, and it changes only when a 2-host
// survivor commits alone (see membership.hpp), since then two histories may exist. Epochs grow
// by one per committed view within a lineage. Members are sorted by id, ids distinct.
struct View {
  std::uint64_t epoch = 0;  // 0: no view (inactive or joining)
  std::uint64_t lineage = 0;
  std::vector<Member> members;

  bool operator==(const View&) const = default;

  const Member* find(HostId id) const;
  bool contains(HostId id) const { return find(id) != nullptr; }
  // Majority of this view's members: n / 2 + 1 (1 for an empty view).
  std::size_t majority() const { return members.size() / 2 + 1; }
  std::vector<HostShare> shares() const;
};

// Sorts by id; of duplicated ids the last one is kept.
void normalize_members(std::vector<Member>& members);

// When two views of different lineages meet (only after the 2-host rule split a store), every
// host keeps the one that ranks first: more members, then higher epoch, then lower smallest id,
// then lower lineage. A total order, so both sides pick the same winner.
bool ranks_before(const View& a, const View& b);

// A proposal number for one epoch's agreement: compared by round, then by proposer id, so two
// proposers never use the same ballot.
struct Ballot {
  std::uint64_t round = 0;
  HostId host = 0;

  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 flags the 0 of the defaulted <=>
  auto operator<=>(const Ballot&) const = default;
};

}  // namespace soss::core
