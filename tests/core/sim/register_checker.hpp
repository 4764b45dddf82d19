// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Linearizability of one key's history, for a register whose writes are all of distinct values.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace soss::core::sim {

// One operation on a key. Times are logical (a counter bumped at every invocation and every
// response), so no two events share a time.
struct RegisterOp {
  static constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();
  bool write = false;
  std::string value;  // written, or read ("" = not found, the initial value)
  std::uint64_t invoked = 0;
  std::uint64_t completed = kNever;  // kNever: no answer, or an answer that the outcome is unknown
  std::string who;                   // for messages
};

// Returns "" when the history is linearizable, else what is wrong. Pending writes (completed ==
// kNever) may have taken effect or not; pending reads must be left out by the caller. Uses the
// zone characterisation of atomic registers with distinct write values (Gibbons & Korach; Golab,
// Li & Shah, PODC 2011): for each value, the ops that wrote or read it form a cluster with
// f = earliest response and s = latest invocation; the cluster's zone is forward [f, s] when
// f < s, else backward [s, f]. The history is linearizable iff every read returns a written
// value and does not finish before that write began, no two forward zones overlap, and no
// backward zone lies inside a forward zone. The initial value "" counts as written at time 0.
std::string check_register(const std::vector<RegisterOp>& ops);

}  // namespace soss::core::sim
