// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Soss.Client.Protocol;

namespace Soss.Client.Tests;

/// <summary>
/// A fake service on 127.0.0.1: decodes each request frame with the client's own codec, records
/// it with its connection number, and answers with <c>answer</c>. Dispose stops it. Thread-safe.
/// </summary>
internal sealed class FakeService : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<WireRequest, WireResponse> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private int _connections;

    public FakeService(Func<WireRequest, WireResponse> answer)
    {
        _answer = answer;
        _listener.Start();
        _ = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public ConcurrentQueue<(int Connection, WireRequest Request)> Seen { get; } = new();

    /// <summary>Closes every open connection (the client must reconnect).</summary>
    public void DropConnections()
    {
        while (_sockets.TryTake(out Socket? s))
        {
            s.Close();
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket s;
            try
            {
                s = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            _sockets.Add(s);
            int n = Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(s, n));
        }
    }

    private async Task ServeAsync(Socket s, int connection)
    {
        try
        {
            byte[] head = new byte[FrameHeader.Size];
            while (true)
            {
                await ReadAsync(s, head);
                FrameHeader h = FrameHeader.Parse(head);
                byte[] body = new byte[h.BodyLength];
                await ReadAsync(s, body);
                WireRequest q = FrameCodec.DecodeRequest(h, body);
                Seen.Enqueue((connection, q));
                await s.SendAsync(FrameCodec.EncodeResponse(h.RequestId, h.Op, _answer(q)), SocketFlags.None);
            }
        }
        catch (Exception)
        {
            s.Dispose();
        }
    }

    private static async Task ReadAsync(Socket s, Memory<byte> into)
    {
        for (int got = 0; got < into.Length;)
        {
            int n = await s.ReceiveAsync(into[got..], SocketFlags.None);
            got += n > 0 ? n : throw new SocketException((int)SocketError.ConnectionReset);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        DropConnections();
    }
}

// Client authentication (auth, opcode 2) against a fake service: the frame, its place first on
// every connection, the refusal as a typed exception without the password.
public sealed class AuthTests
{
    private static WireResponse Answer(WireRequest q, string password = "pw1") => q.Op switch
    {
        OpCode.Auth when Encoding.UTF8.GetString(q.Value.Span) == password =>
            new WireResponse { Code = ResultCode.Ok, Fields = [new("role", "write")] },
        OpCode.Auth => WireResponse.Of(ResultCode.Unauthorized, "wrong user or password"),
        OpCode.GetRouting => WireResponse.Of(ResultCode.InvalidArgument, "no map here"),
        _ => new WireResponse { Code = ResultCode.Added },
    };

    private static SossConnection Connect(FakeService svc, string extra) =>
        new($"bootstrapGateways=127.0.0.1:{svc.Port};maxPoolSize=1;routeToPrimary=false;maxRequestRetries=0{extra}");

    [Fact]
    public async Task AuthIsTheFirstFrameOfAConnectionWithUserAndPassword()
    {
        using var svc = new FakeService(q => Answer(q));
        using SossConnection conn = Connect(svc, ";user=web;password=pw1");
        Assert.Equal(ResultCode.Added, (await conn.Cache("a").PutAsync("k", "v")).Code);
        var seen = svc.Seen.ToArray();
        Assert.Equal(2, seen.Length);
        Assert.Equal(OpCode.Auth, seen[0].Request.Op);
        Assert.Equal([new KeyValuePair<string, string>("user", "web")], seen[0].Request.Fields);
        Assert.Equal("pw1", Encoding.UTF8.GetString(seen[0].Request.Value.Span));
        Assert.Equal(OpCode.Put, seen[1].Request.Op);
        Assert.Equal(seen[0].Connection, seen[1].Connection);
    }

    [Fact]
    public void TheAuthFrameIsTheProtocolLayout()
    {
        var q = new WireRequest { Op = OpCode.Auth, Value = "pw"u8.ToArray(), Fields = [new("user", "u")] };
        byte[] frame = FrameCodec.EncodeRequest(7, q);
        FrameHeader h = FrameHeader.Parse(frame);
        Assert.Equal((ushort)2, (ushort)h.Op);
        Assert.Equal(7ul, h.RequestId);
        WireRequest back = FrameCodec.DecodeRequest(h, frame.AsSpan(FrameHeader.Size));
        Assert.Equal("pw", Encoding.UTF8.GetString(back.Value.Span));
        Assert.Equal("u", back.Fields.Single(f => f.Key == "user").Value);
    }

    [Fact]
    public async Task WithoutAUserNoAuthIsSent()
    {
        using var svc = new FakeService(q => Answer(q));
        using SossConnection conn = Connect(svc, "");
        if (conn.Options.ResolveCredentials() != null)
        {
            Assert.Skip("SOSS_USER is set in this environment");
        }
        Assert.Equal(ResultCode.Added, (await conn.Cache("a").PutAsync("k", "v")).Code);
        Assert.DoesNotContain(svc.Seen, s => s.Request.Op == OpCode.Auth);
    }

    [Fact]
    public async Task AReconnectAuthenticatesAgain()
    {
        using var svc = new FakeService(q => Answer(q));
        using SossConnection conn = Connect(svc, ";user=web;password=pw1");
        Assert.Equal(ResultCode.Added, (await conn.Cache("a").PutAsync("k", "v")).Code);
        svc.DropConnections();
        CacheResult r = await conn.Cache("a").PutAsync("k", "v");  // put is repeatable: resent on a new link
        for (int i = 0; i < 20 && r.Code != ResultCode.Added; ++i)
        {
            r = await conn.Cache("a").PutAsync("k", "v");
        }
        Assert.Equal(ResultCode.Added, r.Code);
        var byConnection = svc.Seen.ToArray().GroupBy(s => s.Connection).ToList();
        Assert.True(byConnection.Count >= 2);
        Assert.All(byConnection, g => Assert.Equal(OpCode.Auth, g.First().Request.Op));
    }

    [Fact]
    public async Task AWrongPasswordThrowsNamingTheUserNotThePassword()
    {
        using var svc = new FakeService(q => Answer(q));
        using SossConnection conn = Connect(svc, ";user=web;password=hunter2-wrong");
        var e = await Assert.ThrowsAsync<SossAuthenticationException>(() => conn.Cache("a").PutAsync("k", "v"));
        Assert.Equal("web", e.User);
        Assert.Equal(ResultCode.Unauthorized, e.Code);
        Assert.Contains("'web'", e.Message);
        Assert.DoesNotContain("hunter2", e.ToString());
        Assert.DoesNotContain(svc.Seen, s => s.Request.Op == OpCode.Put);
    }

    [Fact]
    public void ExplicitCredentialsWinOverTheEnvironmentAndToStringHidesThePassword()
    {
        Environment.SetEnvironmentVariable("SOSS_USER", "envuser");
        Environment.SetEnvironmentVariable("SOSS_PASSWORD", "envpw");
        try
        {
            var o = SossConnectionOptions.Parse("bootstrapGateways=h:1;user=report;password=pw2");
            Assert.Equal(new Credentials("report", "pw2"), o.ResolveCredentials());
            Assert.Equal(new Credentials("envuser", "envpw"), new SossConnectionOptions().ResolveCredentials());
            Assert.DoesNotContain("pw2", o.ResolveCredentials()!.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("SOSS_USER", null);
            Environment.SetEnvironmentVariable("SOSS_PASSWORD", null);
        }
    }
}
