// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Soss.TestSupport;

namespace Soss.AspNetCore.Tests;

// AddSossSession on one real soss_service, in an in-process Kestrel site whose /inc reads a
// counter from session, waits, and writes it back plus one: the classic lost update.
public sealed class SessionLockingTests(OneHostFixture fixture) : IClassFixture<OneHostFixture>
{
    private static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(400);

    private async Task<(WebApplication App, Uri Url)> StartSiteAsync(Action<SossCacheOptions> tweak)
    {
        string cs = fixture.Require().ConnectionString();
        int port = Ports.Free(1)[0];
        WebApplicationBuilder b = WebApplication.CreateSlimBuilder();
        b.WebHost.UseUrls($"http://127.0.0.1:{port}");
        b.Logging.ClearProviders();
        b.Services.AddSossSession(o =>
        {
            o.ConnectionString = cs;
            o.Namespace = "sess-" + Guid.NewGuid().ToString("N")[..8];
            tweak(o);
        });
        WebApplication app = b.Build();
        app.UseSession();
        app.MapGet("/inc", async (HttpContext ctx) =>
        {
            await ctx.Session.LoadAsync();
            int n = ctx.Session.GetInt32("n") ?? 0;
            await Task.Delay(Hold);  // both requests are inside here at once unless the lock serialises them
            ctx.Session.SetInt32("n", n + 1);
            return n + 1;
        });
        app.MapGet("/get", async (HttpContext ctx) =>
        {
            await ctx.Session.LoadAsync();
            return ctx.Session.GetInt32("n") ?? 0;
        });
        await app.StartAsync();
        return (app, new Uri($"http://127.0.0.1:{port}/"));
    }

    private static async Task<int> GetIntAsync(HttpClient http, Uri url)
    {
        using HttpResponseMessage r = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return int.Parse(await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TwoConcurrentRequestsOfOneSessionKeepBothIncrements()
    {
        (WebApplication app, Uri url) = await StartSiteAsync(_ => { });
        await using var _ = app;
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        Assert.Equal(1, await GetIntAsync(http, new Uri(url, "inc")));  // establishes the session cookie
        Task<int> a = GetIntAsync(http, new Uri(url, "inc"));
        Task<int> b = GetIntAsync(http, new Uri(url, "inc"));
        int[] seen = await Task.WhenAll(a, b);
        Array.Sort(seen);
        Assert.Equal([2, 3], seen);
        Assert.Equal(3, await GetIntAsync(http, new Uri(url, "get")));
    }

    [Fact]
    public async Task ASecondRequestWaitsNoLongerThanSessionLockWait()
    {
        (WebApplication app, Uri url) = await StartSiteAsync(o => o.SessionLockWait = TimeSpan.FromMilliseconds(100));
        await using var _ = app;
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        Assert.Equal(1, await GetIntAsync(http, new Uri(url, "inc")));
        Task<HttpResponseMessage> a = http.GetAsync(new Uri(url, "inc"));
        await Task.Delay(100);
        using HttpResponseMessage late = await http.GetAsync(new Uri(url, "inc"));
        using HttpResponseMessage first = await a;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, late.StatusCode);
        Assert.Equal(2, await GetIntAsync(http, new Uri(url, "get")));
    }

    [Fact]
    public async Task WithoutLockingSessionsStillWork()
    {
        (WebApplication app, Uri url) = await StartSiteAsync(o => o.ExclusiveSessionLocking = false);
        await using var _ = app;
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        Assert.Equal(1, await GetIntAsync(http, new Uri(url, "inc")));
        Assert.Equal(2, await GetIntAsync(http, new Uri(url, "inc")));
        Assert.Equal(2, await GetIntAsync(http, new Uri(url, "get")));
    }

    [Fact]
    public void SessionFormatRoundTrips()
    {
        var items = new Dictionary<string, byte[]> { ["a"] = [1, 2, 3], ["ü"] = [], ["long"] = new byte[70_000] };
        Dictionary<string, byte[]> back = SessionFormat.Decode(SessionFormat.Encode(items));
        Assert.Equal(items.Keys.Order(), back.Keys.Order());
        Assert.Equal(items["a"], back["a"]);
        Assert.Equal(70_000, back["long"].Length);
        Assert.Empty(SessionFormat.Decode([]));
        Assert.Empty(SessionFormat.Decode([1, 5, 0, 0, 0, 1]));
    }

    [Fact]
    public void UserAndPasswordPassThroughToTheConnection()
    {
        var o = new SossCacheOptions { ConnectionString = "bootstrapGateways=127.0.0.1:1;user=a;password=b", User = "web", Password = "pw1" };
        Soss.Client.SossConnectionOptions c = o.ConnectionOptions();
        Assert.Equal(("web", "pw1"), (c.User, c.Password));
        Assert.Equal("a", new SossCacheOptions { ConnectionString = "bootstrapGateways=127.0.0.1:1;user=a;password=b" }.ConnectionOptions().User);
    }
}
