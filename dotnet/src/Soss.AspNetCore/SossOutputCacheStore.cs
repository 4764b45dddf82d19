// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.OutputCaching;
using Soss.Client;
using Soss.Client.Protocol;

namespace Soss.AspNetCore;

/// <summary>
/// IOutputCacheStore on one soss namespace. Each entry is one object with an absolute timeout of
/// its validFor; its tags are the object's soss index values (slot i = tag i), so eviction by tag
/// is a soss query per slot in use (an inverted index at the service, no scan) followed by removes,
/// and the tags can never disagree with the entry they belong to, as a separate tag-to-keys object
/// could after a lost write. The price: at most 8 tags per entry (soss's index slots); an entry with
/// more is not stored (the response is served, only not cached). Thread-safe; a singleton.
/// </summary>
public sealed class SossOutputCacheStore : IOutputCacheStore, IDisposable
{
    public const int MaxTags = 8;
    private const int MaxIndexBytes = 256;

    private readonly SossConnection _connection;
    private readonly bool _ownsConnection;

    public SossOutputCacheStore(SossCacheOptions options)
    {
        (_connection, _ownsConnection) = options.Open();
        Cache = _connection.Cache(options.Namespace);
    }

    public SossCache Cache { get; }

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        CacheResult r = await Cache.ReadAsync(key, cancellationToken).ConfigureAwait(false);
        return r.Code switch
        {
            ResultCode.Retrieved => r.Value,
            ResultCode.NotFound => null,
            _ => throw new SossCacheException(r, "read"),
        };
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        tags ??= [];
        if (tags.Length > MaxTags)
        {
            return;  // see the class comment: such an entry could not be evicted by all its tags
        }
        // One empty slot clears the tags of an earlier entry of this key (no indexes = keep them).
        string[] indexes = tags.Length == 0 ? [""] : tags.Select(IndexValue).ToArray();
        CacheResult r = await Cache.PutAsync(key, value, CachePolicy.Absolute(validFor), indexes, cancellationToken).ConfigureAwait(false);
        if (!r.Succeeded)
        {
            throw new SossCacheException(r, "put");
        }
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        string value = IndexValue(tag);
        var queries = Enumerable.Range(0, MaxTags).Select(slot =>
        {
            string[] filter = new string[slot + 1];
            Array.Fill(filter, string.Empty);
            filter[slot] = value;
            return Cache.QueryAsync(filter, cancellationToken);
        });
        CacheResult[] found = await Task.WhenAll(queries).ConfigureAwait(false);
        foreach (CacheResult r in found.Where(r => r.Code != ResultCode.Ok))
        {
            throw new SossCacheException(r, "query");
        }
        var keys = found.SelectMany(r => r.Response.Keys).Select(k => k.KeyName).Distinct();
        await Task.WhenAll(keys.Select(k => Cache.RemoveAsync(k, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>The tag itself, or "#sha256:HEX" when it is longer than a soss index value may be.</summary>
    internal static string IndexValue(string tag) => Encoding.UTF8.GetByteCount(tag) <= MaxIndexBytes
        ? tag
        : "#sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(tag)));

    public void Dispose()
    {
        if (_ownsConnection)
        {
            _connection.Dispose();
        }
    }
}
