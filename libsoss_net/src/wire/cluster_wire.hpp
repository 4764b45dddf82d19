// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// cereal serialization of the host-to-host messages (private to libsoss_net), following the
// rules of wire_types.hpp: u32 counts checked against the bytes left before anything is
// allocated, enums, bools and variant tags range-checked, partition ids < kPartitionCount, a
// partition map with exactly kPartitionCount entries. Lists grow element by element (never
// resized to a count read from the wire), so memory stays proportional to the bytes decoded.
#pragma once

#include "soss/core/cluster/cluster_message.hpp"
#include "wire/wire_types.hpp"

namespace soss::core {

using Out = cereal::BinaryOutputArchive;

void save_cluster(Out& ar, const ClusterMessage& m);
void load_cluster(WireInArchive& ar, ClusterMessage& m);

void save(Out& ar, const View& v);
void load(WireInArchive& ar, View& v);
void save(Out& ar, const PartitionMap& v);
void load(WireInArchive& ar, PartitionMap& v);
void save(Out& ar, const MembershipMessage& v);
void load(WireInArchive& ar, MembershipMessage& v);
void save(Out& ar, const Effect& v);
void load(WireInArchive& ar, Effect& v);
void save(Out& ar, const ReplicationPacket& v);
void load(WireInArchive& ar, ReplicationPacket& v);

}  // namespace soss::core
