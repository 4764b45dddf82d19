// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/core/membership/view.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

namespace soss::core {

std::string_view host_state_name(HostState state) {
  switch (state) {
    case HostState::kInactive:
      return "inactive";
    case HostState::kJoining:
      return "joining";
    case HostState::kActive:
      return "active";
    case HostState::kLeaving:
      return "leaving";
    case HostState::kIsolated:
      return "isolated";
  }
  return "unknown";
}

const Member* View::find(HostId id) const {
  auto it = std::lower_bound(members.begin(), members.end(), id,
                             [](const Member& m, HostId x) { return m.id < x; });
  return it != members.end() && it->id == id ? &*it : nullptr;
}

std::vector<HostShare> View::shares() const {
  std::vector<HostShare> out;
  out.reserve(members.size());
  for (const Member& m : members) {
    out.push_back(HostShare{m.id, m.weight});
  }
  return out;
}

void normalize_members(std::vector<Member>& members) {
  std::stable_sort(members.begin(), members.end(),
                   [](const Member& a, const Member& b) { return a.id < b.id; });
  std::vector<Member> out;
  for (const Member& m : members) {
    if (!out.empty() && out.back().id == m.id) {
      out.back() = m;
    } else {
      out.push_back(m);
    }
  }
  members = std::move(out);
}

bool ranks_before(const View& a, const View& b) {
  auto smallest = [](const View& v) { return v.members.empty() ? ~HostId{0} : v.members[0].id; };
  // More members first, then the higher epoch: hence the negations.
  auto key = [&](const View& v) {
    return std::make_tuple(~v.members.size(), ~v.epoch, smallest(v), v.lineage);
  };
  return key(a) < key(b);
}

}  // namespace soss::core
