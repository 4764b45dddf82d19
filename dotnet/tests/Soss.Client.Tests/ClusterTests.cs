// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Text;
using Soss.Client.Protocol;
using Soss.TestSupport;

namespace Soss.Client.Tests;

// Three real hosts on 127.0.0.1..3 (max_replicas 1): requests go straight to each partition's
// primary, and every acknowledged object survives SIGKILL of one host.
public sealed class ClusterTests(ThreeHostFixture fixture) : IClassFixture<ThreeHostFixture>
{
    [Fact]
    public async Task RequestsGoToPrimariesAndSurviveAKilledHost()
    {
        SossStore store = fixture.Require();
        // The request timeout must exceed the service's forward timeout (5 s): a request that a
        // gateway forwarded to the killed primary is answered Unavailable (and retried) only then.
        using var conn = new SossConnection(store.ConnectionString(";maxRequestRetries=20;requestTimeoutMs=15000"));
        SossCache c = conn.Cache("cluster");
        await c.PutAsync("warm", "up");  // the first request fetches the routing table
        await Task.Delay(100);
        var hosts = new HashSet<string>();
        for (int i = 0; i < 60; ++i)
        {
            CacheResult put = await c.PutAsync($"k{i}", $"v{i}");
            Assert.True(put.Code is ResultCode.Added or ResultCode.Updated, put.ToString());
            hosts.Add(put.Host);
        }
        Assert.Equal(3, hosts.Count);  // 60 keys over 1024 partitions reach every host directly

        store.Hosts[1].Kill();
        for (int i = 0; i < 60; ++i)
        {
            CacheResult read = await c.ReadAsync($"k{i}");
            Assert.True(read.Code == ResultCode.Retrieved, $"k{i}: {read}");
            Assert.Equal(Encoding.UTF8.GetBytes($"v{i}"), read.Value);
            Assert.NotEqual($"{SossStore.Address(1)}:{store.SvrPort}", read.Host);
        }
        Assert.Equal(ResultCode.Added, (await c.PutAsync("after", "kill")).Code);
    }
}
