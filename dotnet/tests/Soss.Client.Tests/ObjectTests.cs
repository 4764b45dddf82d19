// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Text;
using Soss.Client.Protocol;
using Soss.TestSupport;

namespace Soss.Client.Tests;

// add/put/update/read/remove, versions and optimistic writes, namespaces, index queries, against
// one real soss_service.
public sealed class ObjectTests(OneHostFixture fixture) : IClassFixture<OneHostFixture>, IDisposable
{
    private readonly SossConnection _conn = new(fixture.Require().ConnectionString());

    private SossCache NewCache() => _conn.Cache("objects-" + Guid.NewGuid().ToString("N")[..8]);
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    public void Dispose() => _conn.Dispose();

    [Fact]
    public async Task PutThenReadReturnsTheBytesAndAVersion()
    {
        SossCache c = NewCache();
        byte[] value = [0, 1, 2, 255, 0];
        Assert.Equal(ResultCode.Added, (await c.PutAsync("k", value)).Code);
        CacheResult read = await c.ReadAsync("k");
        Assert.Equal(ResultCode.Retrieved, read.Code);
        Assert.Equal(value, read.Value);
        CacheResult again = await c.PutAsync("k", B("two"));
        Assert.Equal(ResultCode.Updated, again.Code);
        Assert.True(again.Version > read.Version);
        Assert.Equal(B("two"), (await c.ReadAsync("k")).Value);
    }

    [Fact]
    public async Task AddCreatesOnlyAndUpdateNeedsAnObject()
    {
        SossCache c = NewCache();
        Assert.Equal(ResultCode.NotFound, (await c.UpdateAsync("k", B("x"))).Code);
        Assert.Equal(ResultCode.Added, (await c.AddAsync("k", B("1"))).Code);
        Assert.Equal(ResultCode.AlreadyExists, (await c.AddAsync("k", B("2"))).Code);
        Assert.Equal(ResultCode.Updated, (await c.UpdateAsync("k", B("3"))).Code);
        Assert.Equal(B("3"), (await c.ReadAsync("k")).Value);
    }

    [Fact]
    public async Task RemoveMakesReadsNotFound()
    {
        SossCache c = NewCache();
        await c.PutAsync("k", "v");
        Assert.Equal(ResultCode.Removed, (await c.RemoveAsync("k")).Code);
        Assert.Equal(ResultCode.NotFound, (await c.ReadAsync("k")).Code);
        Assert.Equal(ResultCode.NotFound, (await c.RemoveAsync("k")).Code);
    }

    [Fact]
    public async Task OptimisticUpdateChecksTheVersion()
    {
        SossCache c = NewCache();
        ulong v1 = (await c.PutAsync("k", "1")).Version;
        CacheResult ok = await c.UpdateOptimisticAsync("k", B("2"), v1);
        Assert.Equal(ResultCode.Updated, ok.Code);
        Assert.Equal(ResultCode.VersionMismatch, (await c.UpdateOptimisticAsync("k", B("3"), v1)).Code);
        Assert.Equal(B("2"), (await c.ReadAsync("k")).Value);
        Assert.Equal(ResultCode.VersionMismatch, (await c.RemoveOptimisticAsync("k", v1)).Code);
        Assert.Equal(ResultCode.Removed, (await c.RemoveOptimisticAsync("k", ok.Version)).Code);
    }

    [Fact]
    public async Task NamespacesKeepTheSameKeyApart()
    {
        SossCache a = NewCache();
        SossCache b = NewCache();
        await a.PutAsync("k", "in a");
        await b.PutAsync("k", "in b");
        Assert.Equal(B("in a"), (await a.ReadAsync("k")).Value);
        Assert.Equal(B("in b"), (await b.ReadAsync("k")).Value);
        Assert.Equal(1ul, (await a.ClearAsync()).Response.Count);
        Assert.Equal(ResultCode.NotFound, (await a.ReadAsync("k")).Code);
        Assert.Equal(ResultCode.Retrieved, (await b.ReadAsync("k")).Code);
    }

    [Fact]
    public async Task QueryFindsObjectsByIndexValue()
    {
        SossCache c = NewCache();
        await c.PutAsync("r1", B("x"), indexes: ["red", "big"]);
        await c.PutAsync("r2", B("x"), indexes: ["red", "small"]);
        await c.PutAsync("b1", B("x"), indexes: ["blue", "big"]);
        CacheResult red = await c.QueryAsync(["red"]);
        Assert.Equal(ResultCode.Ok, red.Code);
        Assert.Equal(["r1", "r2"], red.Response.Keys.Select(k => k.KeyName).Order());
        CacheResult big = await c.QueryAsync(["", "big"]);
        Assert.Equal(["b1", "r1"], big.Response.Keys.Select(k => k.KeyName).Order());
    }

    [Fact]
    public async Task ListKeysAndBulkReadSeeEveryObject()
    {
        SossCache c = NewCache();
        for (int i = 0; i < 5; ++i)
        {
            await c.PutAsync($"k{i}", $"v{i}");
        }
        CacheResult list = await c.ListKeysAsync();
        Assert.Equal(5, list.Response.Keys.Count);
        CacheResult bulk = await c.BulkReadAsync(["k0", "k4", "nope"]);
        Assert.Equal([ResultCode.Retrieved, ResultCode.Retrieved, ResultCode.NotFound], bulk.Response.Items.Select(i => i.Code));
        Assert.Equal(B("v4"), bulk.Response.Items[1].Value);
    }

    [Fact]
    public async Task ManyConcurrentRequestsOnOneConnectionGetTheirOwnReplies()
    {
        SossCache c = NewCache();
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => c.PutAsync($"k{i}", $"value-{i}")));
        CacheResult[] reads = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => c.ReadAsync($"k{i}")));
        for (int i = 0; i < reads.Length; ++i)
        {
            Assert.Equal(B($"value-{i}"), reads[i].Value);
        }
    }

    [Fact]
    public async Task IncrementCountsAtTheService()
    {
        SossCache c = NewCache();
        Assert.Equal(B("5"), (await c.IncrementAsync("n", 5)).Value);
        Assert.Equal(B("2"), (await c.IncrementAsync("n", -3)).Value);
    }
}
