// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Soss.Client.Protocol;

/// <summary>Namespace ids, string keys and partitions, computed as the service computes them.</summary>
public static class Keys
{
    public const uint PartitionCount = 1024;
    public const uint MaxUserNamespaceId = 0x0FFFFFFF;

    /// <summary>The first 4 bytes (big-endian) of SHA-256 of the UTF-8 name, masked to 0x0FFFFFFF.</summary>
    public static uint NamespaceId(string name)
    {
        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return BinaryPrimitives.ReadUInt32BigEndian(digest) & MaxUserNamespaceId;
    }

    /// <summary>A string key is SHA-256 of its UTF-8 bytes.</summary>
    public static byte[] KeyOf(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>partition = a 64-bit mix of the 32 key bytes (as 4 big-endian words) and the namespace id.</summary>
    public static uint PartitionOf(uint ns, ReadOnlySpan<byte> key)
    {
        ulong h = unchecked(ns * 0x9E3779B97F4A7C15ul);
        for (int w = 0; w < 4; ++w)
        {
            h ^= BinaryPrimitives.ReadUInt64BigEndian(key.Slice(8 * w, 8));
            h ^= h >> 33;
            h = unchecked(h * 0xFF51AFD7ED558CCDul);
            h ^= h >> 33;
        }
        return (uint)(h % PartitionCount);
    }
}
