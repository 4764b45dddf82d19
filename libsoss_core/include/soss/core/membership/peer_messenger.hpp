// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "soss/core/membership/membership_message.hpp"

namespace soss::core {

// How Membership reaches other hosts. Delivery is best effort: a message may be lost, delayed,
// reordered or duplicated, and send() reports nothing; Membership re-sends what matters.
// Implementations must not call back into Membership from send() (no re-entrancy). The net
// layer implements it over PeerLinks; tests over an in-memory simulated network.
class PeerMessenger {
 public:
  virtual ~PeerMessenger() = default;
  virtual void send(HostId to, const MembershipMessage& message) = 0;
};

}  // namespace soss::core
