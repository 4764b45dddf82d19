// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Buffers;
using Microsoft.Extensions.Caching.Distributed;
using Soss.Client;
using Soss.Client.Protocol;

namespace Soss.AspNetCore;

/// <summary>
/// IDistributedCache and IBufferDistributedCache on one soss namespace: Get = read, Set = put,
/// Refresh = touch (sliding expiration is kept by the server), Remove = remove. Entries carry the
/// header of <see cref="CacheEntryFormat"/>. Failures other than "not found" throw
/// <see cref="SossCacheException"/>. Thread-safe; registered as a singleton.
/// </summary>
public sealed class SossDistributedCache : IBufferDistributedCache, IDisposable
{
    private readonly SossConnection _connection;
    private readonly bool _ownsConnection;
    private readonly TimeProvider _time;

    public SossDistributedCache(SossCacheOptions options, TimeProvider? time = null)
    {
        (_connection, _ownsConnection) = options.Open();
        Cache = _connection.Cache(options.Namespace);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The soss namespace behind this cache.</summary>
    public SossCache Cache { get; }

    /// <summary>The soss host that answered the last request of this cache ("address:port").</summary>
    public string? LastHost { get; private set; }

    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        ReadOnlyMemory<byte>? payload = await ReadAsync(key, token).ConfigureAwait(false);
        return payload?.ToArray();
    }

    public bool TryGet(string key, IBufferWriter<byte> destination) =>
        TryGetAsync(key, destination).AsTask().GetAwaiter().GetResult();

    public async ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default)
    {
        ReadOnlyMemory<byte>? payload = await ReadAsync(key, token).ConfigureAwait(false);
        if (payload is not ReadOnlyMemory<byte> bytes)
        {
            return false;
        }
        destination.Write(bytes.Span);
        return true;
    }

    private async Task<ReadOnlyMemory<byte>?> ReadAsync(string key, CancellationToken token)
    {
        CacheResult r = Check(await Cache.ReadAsync(key, token).ConfigureAwait(false), "read", ResultCode.NotFound);
        if (r.Code != ResultCode.Retrieved)
        {
            return null;
        }
        if (!CacheEntryFormat.TryDecode(r.Value, _time.GetUtcNow().ToUnixTimeMilliseconds(), out ReadOnlyMemory<byte> payload))
        {
            await Cache.RemoveAsync(key, token).ConfigureAwait(false);  // expired (or not ours): gone for every reader
            return null;
        }
        return payload;
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) =>
        SetAsync(key, value, options).GetAwaiter().GetResult();

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        SetAsync(key, new ReadOnlySequence<byte>(value), options, token).AsTask();

    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options) =>
        SetAsync(key, value, options).AsTask().GetAwaiter().GetResult();

    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options,
        CancellationToken token = default)
    {
        DateTimeOffset now = _time.GetUtcNow();
        long deadline = CacheEntryFormat.Deadline(options, now);
        CachePolicy policy = CacheEntryFormat.Policy(options, deadline, now.ToUnixTimeMilliseconds());
        byte[] stored = CacheEntryFormat.Encode(value, deadline);
        Check(await Cache.PutAsync(key, stored, policy, null, token).ConfigureAwait(false), "put");
    }

    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    public async Task RefreshAsync(string key, CancellationToken token = default) =>
        Check(await Cache.TouchAsync(key, token).ConfigureAwait(false), "touch", ResultCode.NotFound);

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public async Task RemoveAsync(string key, CancellationToken token = default) =>
        Check(await Cache.RemoveAsync(key, token).ConfigureAwait(false), "remove", ResultCode.NotFound);

    private CacheResult Check(CacheResult r, string operation, ResultCode alsoFine = ResultCode.Ok)
    {
        LastHost = r.Host;
        return r.Succeeded || r.Code == alsoFine ? r : throw new SossCacheException(r, operation);
    }

    public void Dispose()
    {
        if (_ownsConnection)
        {
            _connection.Dispose();
        }
    }
}
