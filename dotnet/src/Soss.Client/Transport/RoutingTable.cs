// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using Soss.Client.Protocol;

using Soss.Client;

namespace Soss.Client.Transport;

/// <summary>
/// The answer to GetRouting, decoded: each member's client endpoint and, per partition, the index
/// of its primary among them (<see cref="NoPrimary"/>: send it to any host). Immutable.
/// </summary>
internal sealed class RoutingTable
{
    public const ushort NoPrimary = 0xFFFF;

    public required IReadOnlyList<Endpoint> Hosts { get; init; }
    public required ushort[] Primary { get; init; }

    public Endpoint? PrimaryOf(uint partition)
    {
        ushort i = Primary[partition];
        return i == NoPrimary ? null : Hosts[i];
    }

    /// <summary>Null when the answer is no usable table (an error, a lone host with none, malformed).</summary>
    public static RoutingTable? Decode(WireResponse answer)
    {
        if (answer.Code != ResultCode.Ok || answer.Value.Length != 2 * Keys.PartitionCount)
        {
            return null;
        }
        var hosts = new List<Endpoint>();
        foreach (var (name, value) in answer.Fields)
        {
            if (name != "host")
            {
                continue;
            }
            string[] parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || !int.TryParse(parts[0], out int index) || index != hosts.Count ||
                !int.TryParse(parts[2], out int port) || port is < 1 or > 65535)
            {
                return null;
            }
            hosts.Add(new Endpoint(parts[1], port));
        }
        if (hosts.Count == 0)
        {
            return null;
        }
        var primary = new ushort[Keys.PartitionCount];
        for (int p = 0; p < primary.Length; ++p)
        {
            ushort i = BinaryPrimitives.ReadUInt16LittleEndian(answer.Value.AsSpan(2 * p, 2));
            primary[p] = i < hosts.Count ? i : NoPrimary;
        }
        return new RoutingTable { Hosts = hosts, Primary = primary };
    }
}
