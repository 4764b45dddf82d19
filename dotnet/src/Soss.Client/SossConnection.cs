// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using Soss.Client.Protocol;
using Soss.Client.Transport;

namespace Soss.Client;

/// <summary>
/// A connection to one store: share one per application (thread-safe). Sends each one-key
/// request to its partition's primary (from GetRouting, refreshed at most once a second while
/// requests flow, and at once when a host fails or answers NotReady); everything else goes to a
/// gateway. A host that cannot be reached is skipped for 5 s and the request goes to another
/// (gateways first, then every host the map named), so the store stays usable while any host
/// lives. A request lost after it was written is repeated only when repeating it is harmless
/// (<see cref="OpCodes.IsRepeatable"/>); otherwise it answers Unavailable (outcome unknown).
/// With credentials (<see cref="SossConnectionOptions.ResolveCredentials"/>) every new TCP
/// connection, reconnects included, sends auth before anything else.
/// </summary>
public sealed class SossConnection : IDisposable
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(1);

    private readonly HostPool _pool;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private RoutingTable? _table;
    private long _nextRefreshTicks;

    public SossConnection(SossConnectionOptions options)
    {
        if (options.BootstrapGateways.Count == 0)
        {
            throw new ArgumentException("no bootstrap gateways", nameof(options));
        }
        Options = options;
        _pool = new HostPool(options.MaxPoolSize, options.ConnectTimeout, options.ResolveCredentials());
    }

    public SossConnection(string connectionString) : this(SossConnectionOptions.Parse(connectionString))
    {
    }

    public SossConnectionOptions Options { get; }

    /// <summary>Connects from soss_client_params.txt in <paramref name="folder"/> (default /etc/soss).</summary>
    public static SossConnection FromParamsFile(string folder = "/etc/soss") => new(ClientParamsFile.Load(folder));

    /// <summary>Opens a namespace (a named cache) with its default write policy.</summary>
    public SossCache Cache(string name, CachePolicy? policy = null) => new(this, name, policy ?? new CachePolicy());

    /// <summary>
    /// Sends one request and returns its answer; client-side failures are codes, never exceptions,
    /// except a refused user: <see cref="SossAuthenticationException"/>.
    /// </summary>
    public async Task<CacheResult> ExecuteAsync(WireRequest request, CancellationToken ct = default)
    {
        bool routable = Options.RouteToPrimary && OpCodes.IsObjectOp(request.Op) && !OpCodes.SpansPartitions(request.Op);
        if (routable)
        {
            await RefreshAsync(force: false, ct).ConfigureAwait(false);
        }
        var backoff = TimeSpan.FromMilliseconds(50);
        int budget = Options.MaxRequestRetries;
        int unreachable = 0;
        while (true)
        {
            Endpoint host = Pick(request, routable, unreachable);
            SendResult sent = await _pool.SendAsync(host, request, Options.RequestTimeout, ct).ConfigureAwait(false);
            ResultCode code = sent.Response.Code;
            bool lost = code == ResultCode.Unavailable && (!sent.Written || OpCodes.IsRepeatable(request.Op));
            if (code == ResultCode.Unavailable && !sent.Written)
            {
                _pool.MarkDown(host);
            }
            if (!lost && code != ResultCode.NotReady)
            {
                _pool.MarkUp(host);
                return new CacheResult(sent.Response, sent.Host);
            }
            // An unreachable host costs no retry while others remain untried.
            if (lost && ++unreachable <= KnownHosts().Count)
            {
                await RefreshAsync(force: true, ct).ConfigureAwait(false);
                continue;
            }
            if (budget-- <= 0)
            {
                return new CacheResult(sent.Response, sent.Host);
            }
            await Task.Delay(backoff, ct).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            unreachable = 0;
            await RefreshAsync(force: true, ct).ConfigureAwait(false);
        }
    }

    private Endpoint Pick(WireRequest request, bool routable, int skip)
    {
        RoutingTable? table = Volatile.Read(ref _table);
        if (routable && table != null && skip == 0 &&
            table.PrimaryOf(Keys.PartitionOf(request.Ns, request.Key)) is Endpoint primary && !_pool.IsDown(primary))
        {
            return primary;
        }
        List<Endpoint> hosts = KnownHosts();
        List<Endpoint> up = hosts.Where(h => !_pool.IsDown(h)).ToList();
        List<Endpoint> from = up.Count > 0 ? up : hosts;
        return from[skip % from.Count];
    }

    /// <summary>The gateways, then every other host of the last routing table.</summary>
    private List<Endpoint> KnownHosts()
    {
        var hosts = new List<Endpoint>(Options.BootstrapGateways);
        if (Volatile.Read(ref _table) is RoutingTable table)
        {
            hosts.AddRange(table.Hosts.Where(h => !hosts.Contains(h)));
        }
        return hosts;
    }

    /// <summary>Asks a gateway for the partition map: when forced, or when the last is over a second old.</summary>
    private async Task RefreshAsync(bool force, CancellationToken ct)
    {
        long now = Environment.TickCount64;
        if (!force && now < Volatile.Read(ref _nextRefreshTicks))
        {
            return;
        }
        if (!await _refreshLock.WaitAsync(0, ct).ConfigureAwait(false))
        {
            return;  // another caller is refreshing; use the current map meanwhile
        }
        try
        {
            var ask = new WireRequest { Op = OpCode.GetRouting };
            foreach (Endpoint host in KnownHosts().OrderBy(h => _pool.IsDown(h)))
            {
                SendResult sent = await _pool.SendAsync(host, ask, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
                if (sent.Response.Code == ResultCode.Unavailable || sent.Response.Code == ResultCode.Timeout)
                {
                    _pool.MarkDown(host);
                    continue;
                }
                Volatile.Write(ref _table, RoutingTable.Decode(sent.Response));
                break;
            }
            Volatile.Write(ref _nextRefreshTicks, Environment.TickCount64 + (long)RefreshEvery.TotalMilliseconds);
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    public void Dispose() => _pool.Dispose();
}
