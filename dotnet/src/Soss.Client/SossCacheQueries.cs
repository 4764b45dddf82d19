// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using Soss.Client.Protocol;

namespace Soss.Client;

/// <summary>Operations across a namespace: index queries, listings and clear.</summary>
public static class SossCacheQueries
{
    /// <summary>
    /// Keys whose index slots equal every non-empty entry of <paramref name="filter"/> (slot i =
    /// the i-th index value given on write): Ok + Response.Keys.
    /// </summary>
    public static Task<CacheResult> QueryAsync(this SossCache cache, IReadOnlyList<string> filter, CancellationToken ct = default)
    {
        var r = new WireRequest { Op = OpCode.Query, Ns = cache.NamespaceId, NsName = cache.Name, Indexes = [.. filter] };
        return cache.Connection.ExecuteAsync(r, ct);
    }

    /// <summary>One page of keys: Ok + Response.Keys + Response.Cursor ("" = done).</summary>
    public static Task<CacheResult> ListKeysAsync(this SossCache cache, string cursor = "", uint limit = 0, CancellationToken ct = default)
    {
        var r = new WireRequest { Op = OpCode.ListKeys, Ns = cache.NamespaceId, NsName = cache.Name, Cursor = cursor, Limit = limit };
        return cache.Connection.ExecuteAsync(r, ct);
    }

    /// <summary>Removes every object of the namespace: Ok + Response.Count removed.</summary>
    public static Task<CacheResult> ClearAsync(this SossCache cache, CancellationToken ct = default)
    {
        var r = new WireRequest { Op = OpCode.ClearNamespace, Ns = cache.NamespaceId, NsName = cache.Name };
        return cache.Connection.ExecuteAsync(r, ct);
    }

    /// <summary>Reads many keys in one request: Ok + per key Retrieved | NotFound in Response.Items.</summary>
    public static Task<CacheResult> BulkReadAsync(this SossCache cache, IReadOnlyList<string> keys, CancellationToken ct = default)
    {
        var r = new WireRequest { Op = OpCode.BulkRead, Ns = cache.NamespaceId, NsName = cache.Name };
        r.Items.AddRange(keys.Select(k => new BulkItem(Keys.KeyOf(k), k, ReadOnlyMemory<byte>.Empty)));
        return cache.Connection.ExecuteAsync(r, ct);
    }
}
