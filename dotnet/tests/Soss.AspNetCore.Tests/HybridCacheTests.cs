// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Soss.TestSupport;

namespace Soss.AspNetCore.Tests;

// HybridCache finds IBufferDistributedCache and uses soss as its second level: a value made by one
// application instance is read by another without running the factory again.
public sealed class HybridCacheTests(OneHostFixture fixture) : IClassFixture<OneHostFixture>
{
    private ServiceProvider Instance(string ns)
    {
        var services = new ServiceCollection();
        services.AddSossDistributedCache(o => { o.ConnectionString = fixture.Require().ConnectionString(); o.Namespace = ns; });
        services.AddHybridCache();
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task TwoInstancesShareValuesThroughSoss()
    {
        string ns = "hybrid-" + Guid.NewGuid().ToString("N")[..8];
        await using ServiceProvider a = Instance(ns);
        await using ServiceProvider b = Instance(ns);
        Assert.IsType<SossDistributedCache>(a.GetRequiredService<IBufferDistributedCache>());
        int calls = 0;
        ValueTask<string> Factory(CancellationToken _) { Interlocked.Increment(ref calls); return ValueTask.FromResult("made once"); }
        string first = await a.GetRequiredService<HybridCache>().GetOrCreateAsync("k", Factory);
        // HybridCache may write its second level after answering: wait (bounded) until soss has it.
        SossDistributedCache l2 = b.GetRequiredService<SossDistributedCache>();
        Assert.True(await Ports.EventuallyAsync(async () => await l2.GetAsync("k") != null, TimeSpan.FromSeconds(5)));
        string second = await b.GetRequiredService<HybridCache>().GetOrCreateAsync("k", Factory);
        Assert.Equal("made once", first);
        Assert.Equal("made once", second);
        Assert.Equal(1, calls);
    }
}
