// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Text;
using Soss.TestSupport;

namespace Soss.AspNetCore.Tests;

// IOutputCacheStore on one real soss_service: entries, expiry, eviction by tag.
public sealed class OutputCacheTests(OneHostFixture fixture) : IClassFixture<OneHostFixture>, IDisposable
{
    private readonly SossOutputCacheStore _store = new(new SossCacheOptions
    {
        ConnectionString = fixture.Require().ConnectionString(),
        Namespace = "oc-" + Guid.NewGuid().ToString("N")[..8],
    });

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);
    private static readonly CancellationToken None = CancellationToken.None;

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task EvictByTagRemovesEveryTaggedEntryAndNothingElse()
    {
        await _store.SetAsync("a", B("1"), ["products", "p1"], TimeSpan.FromMinutes(1), None);
        await _store.SetAsync("b", B("2"), ["p2", "products"], TimeSpan.FromMinutes(1), None);
        await _store.SetAsync("c", B("3"), ["users"], TimeSpan.FromMinutes(1), None);
        await _store.SetAsync("d", B("4"), null, TimeSpan.FromMinutes(1), None);
        await _store.EvictByTagAsync("products", None);
        Assert.Null(await _store.GetAsync("a", None));
        Assert.Null(await _store.GetAsync("b", None));
        Assert.Equal(B("3"), await _store.GetAsync("c", None));
        Assert.Equal(B("4"), await _store.GetAsync("d", None));
    }

    [Fact]
    public async Task AnEntryWrittenAgainWithoutTagsLosesItsOldTags()
    {
        await _store.SetAsync("a", B("1"), ["t"], TimeSpan.FromMinutes(1), None);
        await _store.SetAsync("a", B("2"), [], TimeSpan.FromMinutes(1), None);
        await _store.EvictByTagAsync("t", None);
        Assert.Equal(B("2"), await _store.GetAsync("a", None));
    }

    [Fact]
    public async Task LongTagsAndTheEighthSlotWork()
    {
        string longTag = new('x', 400);
        string[] tags = ["t1", "t2", "t3", "t4", "t5", "t6", "t7", longTag];
        await _store.SetAsync("a", B("1"), tags, TimeSpan.FromMinutes(1), None);
        await _store.EvictByTagAsync(longTag, None);
        Assert.Null(await _store.GetAsync("a", None));
    }

    [Fact]
    public async Task MoreTagsThanIndexSlotsAreNotCached()
    {
        string[] tags = Enumerable.Range(0, 9).Select(i => $"t{i}").ToArray();
        await _store.SetAsync("a", B("1"), tags, TimeSpan.FromMinutes(1), None);
        Assert.Null(await _store.GetAsync("a", None));
    }

    [Fact]
    public async Task EntriesExpireAfterValidFor()
    {
        await _store.SetAsync("a", B("1"), null, TimeSpan.FromSeconds(1), None);
        Assert.NotNull(await _store.GetAsync("a", None));
        Assert.True(await Ports.EventuallyAsync(async () => await _store.GetAsync("a", None) == null, TimeSpan.FromSeconds(5)));
    }
}
