// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Buffers;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using Soss.Client.Protocol;
using Soss.TestSupport;

namespace Soss.AspNetCore.Tests;

// The IDistributedCache / IBufferDistributedCache contract on one real soss_service.
public sealed class DistributedCacheTests(OneHostFixture fixture) : IClassFixture<OneHostFixture>, IDisposable
{
    private readonly SossDistributedCache _cache = new(new SossCacheOptions
    {
        ConnectionString = fixture.Require().ConnectionString(),
        Namespace = "dc-" + Guid.NewGuid().ToString("N")[..8],
    });

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task SetGetRemoveRoundTrip()
    {
        Assert.Null(await _cache.GetAsync("k"));
        await _cache.SetAsync("k", B("value"), new DistributedCacheEntryOptions());
        Assert.Equal(B("value"), await _cache.GetAsync("k"));
        _cache.Set("k", B("sync"), new DistributedCacheEntryOptions());
        Assert.Equal(B("sync"), _cache.Get("k"));
        await _cache.RemoveAsync("k");
        Assert.Null(await _cache.GetAsync("k"));
        await _cache.RemoveAsync("k");  // removing nothing is not an error
        await _cache.RefreshAsync("k");
    }

    [Fact]
    public async Task BufferApiWritesIntoTheDestination()
    {
        var first = new Segment(B("hello "));
        Segment last = first.Append(B("world"));
        await _cache.SetAsync("k", new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length), new DistributedCacheEntryOptions());
        var writer = new ArrayBufferWriter<byte>();
        Assert.True(await _cache.TryGetAsync("k", writer));
        Assert.Equal(B("hello world"), writer.WrittenSpan.ToArray());
        Assert.False(_cache.TryGet("missing", writer));
    }

    [Fact]
    public async Task AbsoluteExpirationRemovesTheEntry()
    {
        await _cache.SetAsync("k", B("v"), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(2) });
        Assert.NotNull(await _cache.GetAsync("k"));
        Assert.True(await Ports.EventuallyAsync(async () => await _cache.GetAsync("k") == null, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task RefreshKeepsASlidingEntryAliveWithOneTouch()
    {
        var options = new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(2) };
        await _cache.SetAsync("k", B("v"), options);
        CacheResultAssert.Policy(await _cache.Cache.MetadataAsync("k"), 2, TimeoutType.Sliding);
        for (int i = 0; i < 4; ++i)
        {
            await Task.Delay(1000);
            await _cache.RefreshAsync("k");
        }
        Assert.Equal(ResultCode.Retrieved, (await _cache.Cache.MetadataAsync("k")).Code);
        Assert.True(await Ports.EventuallyAsync(async () => (await _cache.Cache.MetadataAsync("k")).Code == ResultCode.NotFound, TimeSpan.FromSeconds(6)));
    }

    [Fact]
    public async Task RefreshNeverExtendsPastTheAbsoluteExpiration()
    {
        var options = new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromSeconds(2),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(3),
        };
        await _cache.SetAsync("k", B("v"), options);
        var started = DateTime.UtcNow;
        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(4.5))
        {
            await _cache.RefreshAsync("k");
            await Task.Delay(300);
        }
        Assert.Null(await _cache.GetAsync("k"));
    }

    [Fact]
    public async Task AnExpirationInThePastIsRejected()
    {
        var options = new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddSeconds(-1) };
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _cache.SetAsync("k", B("v"), options));
    }

    [Fact]
    public async Task AnUnreachableStoreThrowsSossCacheException()
    {
        int dead = Ports.Free(1)[0];
        using var cache = new SossDistributedCache(new SossCacheOptions { ConnectionString = $"bootstrapGateways=127.0.0.1:{dead};maxRequestRetries=0" });
        var e = await Assert.ThrowsAsync<SossCacheException>(() => cache.GetAsync("k"));
        Assert.Equal(ResultCode.Unavailable, e.Result.Code);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes) => Memory = bytes;

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}

internal static class CacheResultAssert
{
    public static void Policy(Soss.Client.CacheResult r, uint seconds, TimeoutType type)
    {
        Assert.Equal(ResultCode.Retrieved, r.Code);
        Assert.Equal(seconds, r.Metadata.TimeoutSeconds);
        Assert.Equal(type, r.Metadata.TimeoutType);
    }
}
