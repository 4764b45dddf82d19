// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using StackExchange.Redis;
using Soss.TestSupport;

namespace Soss.AspNetCore.Tests;

// Microsoft's Redis clients against soss's Redis endpoint (resp_port, docs/redis.md).
// StackExchange.Redis connects (CLIENT SETNAME/SETINFO, CONFIG GET, INFO, ECHO, GET of its
// tie-break key, PING) and runs string and hash workloads. RedisCache stores entries as hashes
// (HMSET absexp/sldexp/data, then EXPIRE; HMGET to read and refresh; UNLINK), which it runs on
// soss unchanged. Scripts (EVAL) are a gap (docs/redis.md).
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
    public async Task HashesWorkAndScriptsAreAGap()
    {
        using var mux = await ConnectionMultiplexer.ConnectAsync(Config());
        IDatabase db = mux.GetDatabase();
        string key = "h-" + Guid.NewGuid().ToString("N")[..8];
        await db.HashSetAsync(key, [new HashEntry("f", "v"), new HashEntry("g", "w")]);  // HMSET
        HashEntry[] all = await db.HashGetAllAsync(key);
        Assert.Equal(["f=v", "g=w"], all.Select(e => $"{e.Name}={e.Value}").OrderBy(x => x).ToArray());
        Assert.Equal(7, await db.HashIncrementAsync(key, "n", 7));
        Assert.True(await db.HashDeleteAsync(key, "f"));
        Assert.Equal(2, await db.HashLengthAsync(key));
        Assert.Equal("hash", (await db.KeyTypeAsync(key)).ToString().ToLowerInvariant());
        var wrong = await Assert.ThrowsAsync<RedisServerException>(() => db.StringGetAsync(key));
        Assert.StartsWith("WRONGTYPE", wrong.Message);
        Assert.True(await db.KeyDeleteAsync(key));
        var eval = await Assert.ThrowsAsync<RedisServerException>(() => db.ScriptEvaluateAsync("return 1"));
        Assert.Contains("unknown command 'EVAL'", eval.Message);
    }

    [Fact]
    public async Task RedisCacheSetGetRefreshRemoveWithSlidingAndAbsoluteExpiration()
    {
        using var cache = new RedisCache(new RedisCacheOptions { Configuration = Config(), InstanceName = "rc:" });
        using var mux = await ConnectionMultiplexer.ConnectAsync(Config());
        IDatabase db = mux.GetDatabase();
        byte[] value = Enumerable.Range(0, 2048).Select(i => (byte)i).ToArray();
        string id = Guid.NewGuid().ToString("N")[..8];

        // Sliding 20 min within an absolute hour: the key lives 20 min, each read renews it.
        var sliding = new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromMinutes(20),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1),
        };
        await cache.SetAsync("s" + id, value, sliding);
        Assert.Equal(value, await cache.GetAsync("s" + id));
        TimeSpan? ttl = await db.KeyTimeToLiveAsync("rc:s" + id);
        Assert.True(ttl > TimeSpan.FromMinutes(19) && ttl <= TimeSpan.FromMinutes(20), $"ttl {ttl}");
        await db.KeyExpireAsync("rc:s" + id, TimeSpan.FromMinutes(5));
        await cache.RefreshAsync("s" + id);
        ttl = await db.KeyTimeToLiveAsync("rc:s" + id);
        Assert.True(ttl > TimeSpan.FromMinutes(19), $"refresh renews the sliding window: ttl {ttl}");

        // Absolute only: the key lives 90 s, reads do not renew it.
        var absolute = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(90) };
        await cache.SetAsync("a" + id, value, absolute);
        Assert.Equal(value, await cache.GetAsync("a" + id));
        ttl = await db.KeyTimeToLiveAsync("rc:a" + id);
        Assert.True(ttl > TimeSpan.FromSeconds(80) && ttl <= TimeSpan.FromSeconds(90), $"ttl {ttl}");

        // No expiry at all: the key has no TTL.
        await cache.SetAsync("n" + id, value, new DistributedCacheEntryOptions());
        Assert.Equal(value, await cache.GetAsync("n" + id));
        Assert.Null(await db.KeyTimeToLiveAsync("rc:n" + id));

        foreach (string k in new[] { "s", "a", "n" })
        {
            await cache.RemoveAsync(k + id);
            Assert.Null(await cache.GetAsync(k + id));
        }
        Assert.Null(await cache.GetAsync("never-set-" + id));
        await cache.RefreshAsync("never-set-" + id);  // no error on a missing key
    }

    [Fact]
    public async Task RedisCacheCarriesA2KbSessionWorkload()
    {
        using var cache = new RedisCache(new RedisCacheOptions { Configuration = Config(), InstanceName = "sess:" });
        var options = new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(20) };
        string[] sessions = Enumerable.Range(0, 20).Select(i => $"{Guid.NewGuid():N}-{i}").ToArray();
        var counts = new Dictionary<string, int>();
        await Parallel.ForEachAsync(sessions, async (id, ct) =>
        {
            for (int visit = 1; visit <= 10; visit++)
            {
                byte[]? old = await cache.GetAsync(id, ct);
                int seen = old is null ? 0 : BitConverter.ToInt32(old, 0);
                Assert.Equal(visit - 1, seen);
                byte[] next = new byte[2048];
                BitConverter.GetBytes(visit).CopyTo(next, 0);
                await cache.SetAsync(id, next, options, ct);
                await cache.RefreshAsync(id, ct);
            }
            lock (counts)
            {
                counts[id] = BitConverter.ToInt32((cache.Get(id))!, 0);
            }
        });
        Assert.All(sessions, id => Assert.Equal(10, counts[id]));
        foreach (string id in sessions)
        {
            await cache.RemoveAsync(id);
        }
    }
}
