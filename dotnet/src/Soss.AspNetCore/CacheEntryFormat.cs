// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Extensions.Caching.Distributed;
using Soss.Client;
using Soss.Client.Protocol;

namespace Soss.AspNetCore;

/// <summary>
/// How a distributed-cache entry is stored: a 9-byte header (format 1, then the absolute deadline
/// as little-endian Unix milliseconds, 0 = none) and the payload; and which soss timeout it gets.
///
/// Why a header: soss keeps one timeout per object and `touch` restarts a timeout of any type, while
/// IDistributedCache.Refresh must reset a sliding expiration and leave an absolute one alone. The
/// server keeps the sliding timeout (Refresh = one touch, reads reset it too); the deadline in the
/// header makes an entry invisible (and removed) once its absolute expiration has passed, even if a
/// Refresh restarted its server countdown. Stateless.
/// </summary>
internal static class CacheEntryFormat
{
    public const int HeaderSize = 9;
    private const byte Format = 1;

    public static byte[] Encode(ReadOnlySequence<byte> payload, long deadlineMs)
    {
        byte[] bytes = new byte[HeaderSize + payload.Length];
        bytes[0] = Format;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(1), deadlineMs);
        payload.CopyTo(bytes.AsSpan(HeaderSize));
        return bytes;
    }

    /// <summary>The payload, or false when the entry is malformed or past its absolute deadline.</summary>
    public static bool TryDecode(byte[] stored, long nowMs, out ReadOnlyMemory<byte> payload)
    {
        payload = default;
        if (stored.Length < HeaderSize || stored[0] != Format)
        {
            return false;
        }
        long deadline = BinaryPrimitives.ReadInt64LittleEndian(stored.AsSpan(1));
        if (deadline != 0 && nowMs >= deadline)
        {
            return false;
        }
        payload = stored.AsMemory(HeaderSize);
        return true;
    }

    /// <summary>The absolute deadline (Unix ms, 0 = none) of <paramref name="options"/> at <paramref name="now"/>.</summary>
    public static long Deadline(DistributedCacheEntryOptions options, DateTimeOffset now)
    {
        DateTimeOffset? at = options.AbsoluteExpiration;
        if (options.AbsoluteExpirationRelativeToNow is TimeSpan relative)
        {
            at = now + relative;
        }
        if (at is DateTimeOffset a && a <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(options), a, "the absolute expiration must be in the future");
        }
        return at?.ToUnixTimeMilliseconds() ?? 0;
    }

    /// <summary>
    /// The soss policy: a sliding timeout when the entry slides (capped by the absolute deadline),
    /// else an absolute one until the deadline, else none.
    /// </summary>
    public static CachePolicy Policy(DistributedCacheEntryOptions options, long deadlineMs, long nowMs)
    {
        TimeSpan? left = deadlineMs == 0 ? null : TimeSpan.FromMilliseconds(deadlineMs - nowMs);
        if (options.SlidingExpiration is TimeSpan sliding)
        {
            return CachePolicy.Sliding(left is TimeSpan l && l < sliding ? l : sliding);
        }
        return left is TimeSpan until ? CachePolicy.Absolute(until) : new CachePolicy();
    }
}
