// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// SossBench GATEWAY REDIS SECONDS CONCURRENCY: the same workloads through soss and through Redis,
// one after the other, each for SECONDS with CONCURRENCY tasks; prints ops/s, p50 and p99 (us)
// and the soss/Redis ratios. GATEWAY and REDIS are host:port.
using System.Diagnostics;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Soss.AspNetCore;
using Soss.Client;
using StackExchange.Redis;

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: SossBench GATEWAY REDIS SECONDS CONCURRENCY");
    return 64;
}
string gateway = args[0], redis = args[1];
var duration = TimeSpan.FromSeconds(int.Parse(args[2]));
int tasks = int.Parse(args[3]);
byte[] small = new byte[100];
byte[] session = new byte[2048];
Random.Shared.NextBytes(session);
var entry = new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(20) };

using var soss = new SossConnection($"bootstrapGateways={gateway};maxRequestRetries=5");
SossCache sossCache = soss.Cache("bench");
using var mux = await ConnectionMultiplexer.ConnectAsync(redis);
IDatabase db = mux.GetDatabase();
using var sossDc = new SossDistributedCache(new SossCacheOptions { Connection = soss, Namespace = "bench-dc" });
using var redisDc = new RedisCache(new RedisCacheOptions { Configuration = redis, InstanceName = "bench-dc:" });

Console.WriteLine($"{DateTime.UtcNow:u} duration {duration.TotalSeconds} s, {tasks} tasks");
var rows = new List<(string Name, Result Soss, Result Redis)>
{
    ("client put+read 100 B", await Run(async k => { await sossCache.PutAsync(k, small); await sossCache.ReadAsync(k); }),
                              await Run(async k => { await db.StringSetAsync(k, small); await db.StringGetAsync(k); })),
    ("IDistributedCache set+get 2 KB", await Run(async k => { await sossDc.SetAsync(k, session, entry); await sossDc.GetAsync(k); }),
                                       await Run(async k => { await redisDc.SetAsync(k, session, entry); await redisDc.GetAsync(k); })),
};
Console.WriteLine("| workload | soss ops/s | Redis ops/s | throughput ratio | soss p50/p99 us | Redis p50/p99 us | p99 ratio |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
foreach (var (name, s, r) in rows)
{
    Console.WriteLine($"| {name} | {s.OpsPerSec:F0} | {r.OpsPerSec:F0} | {s.OpsPerSec / r.OpsPerSec:F2} | " +
        $"{s.P50:F0}/{s.P99:F0} | {r.P50:F0}/{r.P99:F0} | {s.P99 / r.P99:F2} |");
}
return 0;

// One workload: a warm-up second, then `tasks` loops over 1000 keys each until the time is up.
async Task<Result> Run(Func<string, Task> op)
{
    await Loop(op, TimeSpan.FromSeconds(1));
    return await Loop(op, duration);
}

async Task<Result> Loop(Func<string, Task> op, TimeSpan length)
{
    var deadline = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
    var perTask = await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
    {
        var lat = new List<double>();
        for (int i = 0; Stopwatch.GetTimestamp() < deadline && i < 10_000_000; ++i)
        {
            long start = Stopwatch.GetTimestamp();
            await op($"k{t}:{i % 1000}");
            lat.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
        return lat;
    })));
    double[] all = perTask.SelectMany(l => l).Order().ToArray();
    return new Result(all.Length / length.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
}

record Result(double OpsPerSec, double P50, double P99);
