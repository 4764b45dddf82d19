// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Net;
using Soss.TestSupport;

namespace Soss.AspNetCore.Tests;

// Issue 16's done-when: two Kestrel processes of samples/SessionTest (a web farm without sticky
// sessions) share ASP.NET Core session state through a store of three soss hosts; the session
// carries from one web server to the other, and keeps counting through both after SIGKILL of the
// soss host that last answered for it.
public sealed class WebFarmTests(ThreeHostFixture fixture, ITestOutputHelper output) : IClassFixture<ThreeHostFixture>
{
    private static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task SessionSurvivesAKilledSossHostThroughBothWebServers()
    {
        SossStore store = fixture.Require();
        string folder = Path.Combine(Path.GetTempPath(), $"soss-webfarm-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        string cs = store.ConnectionString(";maxRequestRetries=20");
        var cookies = new CookieContainer();  // one browser: cookies are per host name, not per port
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            // A issues the cookie (and the Data Protection key) before B starts, so B reads the key.
            using SessionSite a = await SessionSite.StartAsync("web-a", cs, folder);
            VisitJson first = Visit(await a.VisitAsync(http), a, 1);
            using SessionSite b = await SessionSite.StartAsync("web-b", cs, folder);
            VisitJson second = Visit(await b.VisitAsync(http), b, 2);
            Assert.Equal(first.SessionId, second.SessionId);
            Visit(await a.VisitAsync(http), a, 3);
            VisitJson last = Visit(await b.VisitAsync(http), b, 4);

            int victim = HostIndex(store, last.SossHost);
            store.Hosts[victim].Kill();
            Assert.False(store.Hosts[victim].IsRunning);
            string killed = $"{SossStore.Address(victim)}:{store.SvrPort}";

            // Bounded: alternate A and B until each has counted on from the other once more.
            DateTime killedAt = DateTime.UtcNow;
            output.WriteLine($"killed soss host {killed} (pid {store.Hosts[victim].Pid}) at count {last.Count}");
            var deadline = killedAt + FailoverBound;
            int count = last.Count;
            var servedAfter = new HashSet<string>();
            for (int i = 0; i < 400 && servedAfter.Count < 2 && DateTime.UtcNow < deadline; ++i)
            {
                SessionSite site = i % 2 == 0 ? a : b;
                VisitJson? v = await site.VisitAsync(http);
                if (v == null)
                {
                    await Task.Delay(100);
                    continue;
                }
                // Never a new session, never a lost visit; a commit whose outcome was unknown may
                // have counted once more than it answered, so the count may jump, never go back.
                Assert.Equal(first.SessionId, v.SessionId);
                Assert.True(v.Count > count, $"count went from {count} to {v.Count} at {v.Server}");
                Assert.NotEqual(killed, v.SossHost);
                count = v.Count;
                servedAfter.Add(v.Server);
                output.WriteLine($"{(DateTime.UtcNow - killedAt).TotalSeconds:F1} s after the kill: {v.Server} via {v.SossHost}: {v.Count}");
            }
            Assert.True(servedAfter.SetEquals(["web-a", "web-b"]),
                $"after SIGKILL of {killed} only [{string.Join(",", servedAfter)}] answered within {FailoverBound}; logs:\n" +
                File.ReadAllText(a.LogFile) + File.ReadAllText(b.LogFile));
            // And once settled, one visit each counts exactly one.
            VisitJson x = Visit(await a.VisitAsync(http), a, count + 1);
            Visit(await b.VisitAsync(http), b, x.Count + 1);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static VisitJson Visit(VisitJson? v, SessionSite site, int expected)
    {
        Assert.True(v != null, $"{site.Name} did not answer; log:\n{File.ReadAllText(site.LogFile)}");
        Assert.Equal(expected, v.Count);
        Assert.Equal(site.Name, v.Server);
        Assert.Matches(@"^127\.0\.0\.[1-3]:\d+$", v.SossHost);
        return v;
    }

    private static int HostIndex(SossStore store, string sossHost)
    {
        for (int i = 0; i < store.Hosts.Count; ++i)
        {
            if (sossHost == $"{SossStore.Address(i)}:{store.SvrPort}")
            {
                return i;
            }
        }
        throw new InvalidOperationException($"{sossHost} is not a host of the store");
    }
}
