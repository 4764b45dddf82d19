// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "core/sim/register_checker.hpp"

#include <algorithm>
#include <map>
#include <sstream>

namespace soss::core::sim {

namespace {

struct Zone {
  std::string value;
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  bool forward = false;
};

}  // namespace

std::string check_register(const std::vector<RegisterOp>& ops) {
  struct Cluster {
    const RegisterOp* write = nullptr;
    std::vector<const RegisterOp*> reads;
  };
  std::map<std::string, Cluster> clusters;
  RegisterOp initial;
  initial.write = true;
  initial.invoked = 0;
  initial.completed = 0;
  initial.who = "initial value";
  clusters[""].write = &initial;
  for (const RegisterOp& op : ops) {
    Cluster& c = clusters[op.value];
    if (op.write) {
      if (c.write != nullptr) {
        return "value '" + op.value + "' written twice (test bug)";
      }
      c.write = &op;
    } else {
      c.reads.push_back(&op);
    }
  }
  std::vector<Zone> zones;
  for (const auto& [value, c] : clusters) {
    if (c.write == nullptr) {
      return "read of '" + value + "' which was never written (" + c.reads.front()->who + ")";
    }
    if (c.reads.empty() && c.write->completed == RegisterOp::kNever) {
      continue;  // a write of unknown outcome nobody saw: it may not have happened
    }
    std::uint64_t f = c.write->completed;
    std::uint64_t s = c.write->invoked;
    for (const RegisterOp* r : c.reads) {
      if (r->completed < c.write->invoked) {
        return "'" + value + "' read (" + r->who + ") before it was written (" + c.write->who + ")";
      }
      f = std::min(f, r->completed);
      s = std::max(s, r->invoked);
    }
    Zone z;
    z.value = value;
    z.forward = f < s;
    z.low = std::min(f, s);
    z.high = std::max(f, s);
    zones.push_back(z);
  }
  for (std::size_t i = 0; i < zones.size(); ++i) {
    for (std::size_t j = 0; j < zones.size(); ++j) {
      if (i == j || !zones[i].forward) {
        continue;
      }
      const Zone& a = zones[i];
      const Zone& b = zones[j];
      bool overlap = a.low < b.high && b.low < a.high;
      bool inside = a.low < b.low && b.high < a.high;
      if ((b.forward && overlap) || (!b.forward && inside)) {
        std::ostringstream out;
        out << "not linearizable: value '" << a.value << "' (forward zone " << a.low << ".."
            << a.high << ") and value '" << b.value << "' (" << (b.forward ? "forward" : "backward")
            << " zone " << b.low << ".." << b.high << ")";
        return out.str();
      }
    }
  }
  return {};
}

}  // namespace soss::core::sim
