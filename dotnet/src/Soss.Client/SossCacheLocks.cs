// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using Soss.Client.Protocol;

namespace Soss.Client;

// Lock operations as extensions of SossCache: a lock is held by a ticket (CacheResult.Ticket); the
// service releases it after lock_timeout when its holder disappears.

public static class SossCacheLockExtensions
{
    private static WireRequest WithWait(SossCache cache, OpCode op, string key, TimeSpan wait)
    {
        WireRequest r = cache.Request(op, key);
        r.WaitMs = (uint)Math.Clamp(wait.TotalMilliseconds, 0, uint.MaxValue);
        return r;
    }

    private static WireRequest WithTicket(SossCache cache, OpCode op, string key, ulong ticket)
    {
        WireRequest r = cache.Request(op, key);
        r.Ticket = ticket;
        return r;
    }

    /// <summary>Locks, waiting up to <paramref name="wait"/>: Locked + ticket | NotFound | AlreadyLocked.</summary>
    public static Task<CacheResult> LockAsync(this SossCache cache, string key, TimeSpan wait, CancellationToken ct = default) =>
        cache.Connection.ExecuteAsync(WithWait(cache, OpCode.Lock, key, wait), ct);

    /// <summary>Reads and locks, waiting up to <paramref name="wait"/>: Retrieved + ticket | NotFound | AlreadyLocked.</summary>
    public static Task<CacheResult> ReadExclusiveAsync(this SossCache cache, string key, TimeSpan wait, CancellationToken ct = default) =>
        cache.Connection.ExecuteAsync(WithWait(cache, OpCode.ReadExclusive, key, wait), ct);

    /// <summary>Reads and locks without waiting: Retrieved + ticket | NotFound | AlreadyLocked.</summary>
    public static Task<CacheResult> TryReadExclusiveAsync(this SossCache cache, string key, CancellationToken ct = default) =>
        cache.Connection.ExecuteAsync(cache.Request(OpCode.TryReadExclusive, key), ct);

    public static Task<CacheResult> ReadLockedAsync(this SossCache cache, string key, ulong ticket, CancellationToken ct = default) =>
        cache.Connection.ExecuteAsync(WithTicket(cache, OpCode.ReadLocked, key, ticket), ct);

    public static Task<CacheResult> UpdateAndRetainAsync(this SossCache cache, string key, ReadOnlyMemory<byte> value, ulong ticket,
        CancellationToken ct = default)
    {
        WireRequest r = WithTicket(cache, OpCode.UpdateAndRetain, key, ticket);
        r.Value = value;
        return cache.Connection.ExecuteAsync(r, ct);
    }

    /// <summary>Writes and unlocks: Updated | NotFound | LockLost.</summary>
    public static Task<CacheResult> UpdateAndReleaseAsync(this SossCache cache, string key, ReadOnlyMemory<byte> value, ulong ticket,
        CancellationToken ct = default)
    {
        WireRequest r = WithTicket(cache, OpCode.UpdateAndRelease, key, ticket);
        r.Value = value;
        return cache.Connection.ExecuteAsync(r, ct);
    }

    /// <summary>Unlocks: Unlocked | NotFound | LockLost.</summary>
    public static Task<CacheResult> ReleaseLockAsync(this SossCache cache, string key, ulong ticket, CancellationToken ct = default) =>
        cache.Connection.ExecuteAsync(WithTicket(cache, OpCode.ReleaseLock, key, ticket), ct);

    public static Task<CacheResult> RefreshLockAsync(this SossCache cache, string key, ulong ticket, CancellationToken ct = default) =>
        cache.Connection.ExecuteAsync(WithTicket(cache, OpCode.RefreshLock, key, ticket), ct);

    public static Task<CacheResult> RemoveLockedAsync(this SossCache cache, string key, ulong ticket, CancellationToken ct = default) =>
        cache.Connection.ExecuteAsync(WithTicket(cache, OpCode.RemoveLocked, key, ticket), ct);
}
