// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Text.RegularExpressions;
using Soss.Client;
using Soss.Client.Protocol;

namespace Soss.TestSupport;

/// <summary>
/// A store of N real soss_service hosts for a test. One host listens on 127.0.0.1 with its own
/// free ports; several hosts (as in tests/integration/cluster_process_test.cpp) share port
/// numbers on the loopback addresses 127.0.0.1..N, find each other by host_list, detect a dead
/// host within ~1 s (heartbeat 100 ms x 10) and keep one replica of every partition. Dispose
/// stops every host it started, by pid.
/// </summary>
public sealed class SossStore : IDisposable
{
    private readonly List<ServiceProcess> _hosts = [];

    private SossStore(int svrPort, int respPort) => (SvrPort, RespPort) = (svrPort, respPort);

    public int SvrPort { get; }
    /// <summary>The Redis-protocol endpoint (resp_port) of every host.</summary>
    public int RespPort { get; }
    public IReadOnlyList<ServiceProcess> Hosts => _hosts;
    public static string Address(int i) => $"127.0.0.{i + 1}";

    /// <summary>"bootstrapGateways=..." naming every host.</summary>
    public string ConnectionString(string extra = "") =>
        "bootstrapGateways=" + string.Join(",", _hosts.Select((_, i) => $"{Address(i)}:{SvrPort}")) + extra;

    /// <summary>Starts the hosts; <paramref name="extraParams"/> (lines) is appended to every params file.</summary>
    public static async Task<SossStore> StartAsync(int hostCount = 1, string extraParams = "")
    {
        int[] ports = Ports.Free(4);
        var store = new SossStore(ports[0], ports[3]);
        string list = string.Join(",", Enumerable.Range(0, hostCount).Select(Address));
        string root = Path.Combine(Path.GetTempPath(), $"soss-dotnet-{Guid.NewGuid():N}");
        for (int i = 0; i < hostCount; ++i)
        {
            string text = $"net_interface {Address(i)}\nuse_multicast 0\nhost_list {(hostCount > 1 ? list : "")}\n" +
                $"svr_port {ports[0]}\nmgt_port {ports[1]}\nint_port {ports[2]}\nresp_port {ports[3]}\n" +
                "heartbeat_ms 100\nheartbeat_misses 10\nmax_replicas 1\nauto_join 1\n" + extraParams;
            store._hosts.Add(new ServiceProcess(Path.Combine(root, $"h{i + 1}"), text));
        }
        store._hosts.ForEach(h => h.Start());
        if (!await store.WaitHealthyAsync(TimeSpan.FromSeconds(30)))
        {
            string logs = string.Join("\n", store._hosts.Select(h => h.Log()));
            store.Dispose();
            throw new InvalidOperationException("the soss store did not become healthy; logs:\n" + logs);
        }
        return store;
    }

    /// <summary>True once every running host is active in one view of them all, every primary replicated.</summary>
    public async Task<bool> WaitHealthyAsync(TimeSpan timeout) => await Ports.EventuallyAsync(() => Task.FromResult(IsHealthy()), timeout);

    public bool IsHealthy()
    {
        var live = _hosts.Select((h, i) => (h, i)).Where(x => x.h.IsRunning).ToList();
        string? epoch = null;
        foreach (var (host, i) in live)
        {
            var (exit, json) = host.Cli(Address(i), "--json", "query");
            if (exit != 0 && live.Count == 1)
            {
                return false;
            }
            string e = Field(json, "epoch");
            if (Field(json, "state") != "active" || Field(json, "hosts") != live.Count.ToString() ||
                (epoch != null && e != epoch) || (live.Count > 1 && Field(json, "primaries") != Field(json, "replicated")))
            {
                return false;
            }
            epoch = e;
        }
        return live.Count > 0;
    }

    // `soss query --json` writes counts as numbers and states as strings (docs/cli.md).
    private static string Field(string json, string name)
    {
        Match m = Regex.Match(json, $"\"{Regex.Escape(name)}\": (?:\"([^\"]*)\"|(-?\\d+))");
        if (!m.Success)
        {
            return string.Empty;
        }
        return m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
    }

    /// <summary>A probe through the client: true when a put is acknowledged.</summary>
    public async Task<bool> AcceptsWritesAsync()
    {
        using var c = new SossConnection(ConnectionString(";maxRequestRetries=0"));
        CacheResult r = await c.Cache("probe").PutAsync("probe", "1");
        return r.Code is ResultCode.Added or ResultCode.Updated;
    }

    public void Dispose()
    {
        foreach (ServiceProcess h in _hosts)
        {
            h.Dispose();
        }
        string? root = _hosts.Count > 0 ? Path.GetDirectoryName(_hosts[0].Folder) : null;
        if (root != null && Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
