// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using StackExchange.Redis;
using Soss.TestSupport;

namespace Soss.AspNetCore.Tests;

// Microsoft's Redis clients against soss's Redis endpoint (resp_port, docs/redis.md).
// StackExchange.Redis connects (CLIENT SETNAME/SETINFO, CONFIG GET, INFO, ECHO, GET of its
// tie-break key, PING) and runs a string workload. RedisCache stores entries as hashes
// (HMSET absexp/sldexp/data, then EXPIRE; HMGET to read and refresh), which soss has not got:
// those tests pin the gap listed in docs/redis.md.
public sealed class RedisClientTests(OneHostFixture fixture) : IClassFixture<OneHostFixture>
{
    private string Config() => $"127.0.0.1:{fixture.Require().RespPort},abortConnect=false,connectTimeout=5000,syncTimeout=5000";

    [Fact]
    public async Task StackExchangeRedisConnectsAndRunsAStringWorkload()
    {
        var log = new StringWriter();
        using var mux = await ConnectionMultiplexer.ConnectAsync(Config(), log);
        Assert.True(mux.IsConnected, log.ToString());
        Assert.Contains("Auto-configured (INFO) role: primary", log.ToString());
        IDatabase db = mux.GetDatabase();
        byte[] session = Enumerable.Range(0, 2048).Select(i => (byte)i).ToArray();
        string key = "se-" + Guid.NewGuid().ToString("N")[..8];

        Assert.True(await db.StringSetAsync(key, session, TimeSpan.FromSeconds(60)));
        Assert.Equal(session, (byte[]?)await db.StringGetAsync(key));
        Assert.True(await db.KeyExpireAsync(key, TimeSpan.FromSeconds(120)));
        TimeSpan? ttl = await db.KeyTimeToLiveAsync(key);
        Assert.True(ttl > TimeSpan.FromSeconds(60) && ttl <= TimeSpan.FromSeconds(120), $"ttl {ttl}");
        Assert.Equal(5, await db.StringIncrementAsync(key + ":n", 5));
        Assert.Equal(2, await db.KeyDeleteAsync([key, key + ":n"]));
        Assert.False(await db.KeyExistsAsync(key));
        Assert.True(await db.PingAsync() < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task StackExchangeRedisTransactionsWork()
    {
        using var mux = await ConnectionMultiplexer.ConnectAsync(Config());
        IDatabase db = mux.GetDatabase();
        string key = "tx-" + Guid.NewGuid().ToString("N")[..8];
        ITransaction tx = db.CreateTransaction();
        tx.AddCondition(Condition.KeyNotExists(key));
        Task<bool> set = tx.StringSetAsync(key, "1");
        Assert.True(await tx.ExecuteAsync());
        Assert.True(await set);
        ITransaction again = db.CreateTransaction();
        again.AddCondition(Condition.KeyNotExists(key));
        _ = again.StringSetAsync(key, "2");
        Assert.False(await again.ExecuteAsync());
        Assert.Equal("1", (string?)await db.StringGetAsync(key));
    }

    [Fact]
    public async Task HashesAndScriptsAreAGap()
    {
        using var mux = await ConnectionMultiplexer.ConnectAsync(Config());
        IDatabase db = mux.GetDatabase();
        var hset = await Assert.ThrowsAsync<RedisServerException>(() => db.HashSetAsync("h", [new HashEntry("f", "v")]));
        Assert.Contains("unknown command 'HMSET'", hset.Message);
        var hget = await Assert.ThrowsAsync<RedisServerException>(() => db.HashGetAllAsync("h"));
        Assert.Contains("unknown command 'HGETALL'", hget.Message);
        var eval = await Assert.ThrowsAsync<RedisServerException>(() => db.ScriptEvaluateAsync("return 1"));
        Assert.Contains("unknown command 'EVAL'", eval.Message);
    }

    [Fact]
    public async Task RedisCacheNeedsHashesWhichAreAGap()
    {
        using var cache = new RedisCache(new RedisCacheOptions { Configuration = Config(), InstanceName = "rc:" });
        var options = new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(20) };
        var set = await Assert.ThrowsAsync<RedisServerException>(() => cache.SetAsync("k", new byte[2048], options));
        Assert.Contains("unknown command 'HMSET'", set.Message);
        var get = await Assert.ThrowsAsync<RedisServerException>(() => cache.GetAsync("k"));
        Assert.Contains("unknown command 'HMGET'", get.Message);
        var refresh = await Assert.ThrowsAsync<RedisServerException>(() => cache.RefreshAsync("k"));
        Assert.Contains("unknown command 'HMGET'", refresh.Message);
        await cache.RemoveAsync("k");  // DEL works
    }
}
