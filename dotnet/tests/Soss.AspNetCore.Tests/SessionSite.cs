// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Soss.TestSupport;

namespace Soss.AspNetCore.Tests;

/// <summary>The JSON of SessionTest's /api/visit.</summary>
public sealed record VisitJson(int Count, string Server, string SossHost, string SessionId);

/// <summary>
/// One SessionTest web server as a real process (`dotnet SessionTest.dll --urls ...`) on
/// 127.0.0.1, its output in a log file. Dispose kills it by pid. Not thread-safe.
/// </summary>
public sealed class SessionSite : IDisposable
{
    private readonly Process _process;

    private SessionSite(Process process, int port, string name, string log)
    {
        _process = process;
        Port = port;
        Name = name;
        LogFile = log;
    }

    public int Port { get; }
    public string Name { get; }
    public string LogFile { get; }
    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>SessionTest.dll built beside this test assembly's configuration (Debug or Release).</summary>
    public static string Dll
    {
        get
        {
            string config = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!);
            return Path.Combine(RepoPaths.Root, "dotnet/samples/SessionTest/bin", config, "net10.0/SessionTest.dll");
        }
    }

    /// <summary>Starts the site and waits (up to 30 s) until it accepts connections.</summary>
    public static async Task<SessionSite> StartAsync(string name, string connectionString, string keysFolder)
    {
        int port = Ports.Free(1)[0];
        string log = Path.Combine(keysFolder, $"{name}.log");
        var info = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", "exec dotnet \"$0\" --urls \"$1\" >>\"$2\" 2>&1", Dll, $"http://127.0.0.1:{port}", log },
            UseShellExecute = false,
            Environment =
            {
                ["Soss__ConnectionString"] = connectionString,
                ["SessionTest__ServerName"] = name,
                ["SessionTest__KeysFolder"] = keysFolder,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };
        var site = new SessionSite(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"), port, name, log);
        if (!await Ports.EventuallyAsync(() => Task.FromResult(site.Accepts()), TimeSpan.FromSeconds(30)))
        {
            string text = File.Exists(log) ? File.ReadAllText(log) : "";
            site.Dispose();
            throw new InvalidOperationException($"SessionTest {name} did not listen on {port}; log:\n{text}");
        }
        return site;
    }

    private bool Accepts()
    {
        if (_process.HasExited)
        {
            return false;
        }
        try
        {
            using var c = new TcpClient();
            c.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>One visit through <paramref name="http"/> (which carries the session cookie); null on any failure.</summary>
    public async Task<VisitJson?> VisitAsync(HttpClient http)
    {
        try
        {
            using HttpResponseMessage r = await http.GetAsync(new Uri(Url, "api/visit"));
            return r.IsSuccessStatusCode ? await r.Content.ReadFromJsonAsync<VisitJson>() : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
