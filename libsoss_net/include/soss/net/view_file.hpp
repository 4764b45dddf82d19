// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "soss/core/common/status.hpp"
#include "soss/core/membership/view.hpp"

namespace soss::net {

// The last view a host was in, kept on disk so that a restarted host knows whether it may found
// a store (core::MembershipOptions::last_members). One text file:
//   # written by soss_service: the last view this host was in
//   epoch 7
//   members 2130706433722 2130706433732
// "members" with no ids: the host left its store (or was never in one).
struct LastView {
  std::uint64_t epoch = 0;
  std::vector<core::HostId> members;
};

// A missing file reads as an empty LastView; a malformed one is an error naming the line.
Result<LastView> load_last_view(const std::string& path);
// Replaces the file (written beside it and renamed, so a crash leaves the old or the new one).
Status save_last_view(const std::string& path, const LastView& view);

}  // namespace soss::net
