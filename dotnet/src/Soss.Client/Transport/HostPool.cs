// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Collections.Concurrent;
using Soss.Client.Protocol;

using Soss.Client;

namespace Soss.Client.Transport;

/// <summary>
/// The connection pool: per host endpoint, a fixed number of channels (max_svr_conn) filled in
/// order: a request goes to the first channel with fewer than <see cref="SpillAt"/> requests in
/// flight, so concurrent requests share one link and its batched sends (one system call for
/// many frames); only a busier load (a burst, large values, long lock waits) spills onto the next
/// channels, round robin once all are that busy. And per host a
/// "down until" mark set when it cannot be reached. Owned by one <see cref="SossConnection"/>.
/// Thread-safe.
/// </summary>
internal sealed class HostPool : IDisposable
{
    private static readonly TimeSpan DownFor = TimeSpan.FromSeconds(5);
    internal const int SpillAt = 32;

    private readonly int _perHost;
    private readonly TimeSpan _connectTimeout;
    private readonly Credentials? _credentials;
    // Keyed by the Endpoint itself (a record struct): no string is made per request.
    private readonly ConcurrentDictionary<Endpoint, Channel[]> _hosts = new();
    private readonly ConcurrentDictionary<Endpoint, DateTime> _downUntil = new();
    private int _next;

    public HostPool(int connectionsPerHost, TimeSpan connectTimeout, Credentials? credentials = null)
    {
        _credentials = credentials;
        _perHost = Math.Max(1, connectionsPerHost);
        _connectTimeout = connectTimeout;
    }

    public Task<SendResult> SendAsync(Endpoint host, WireRequest request, TimeSpan timeout, CancellationToken ct)
    {
        Channel[] channels = _hosts.TryGetValue(host, out Channel[]? known) ? known : _hosts.GetOrAdd(host, Make);
        foreach (Channel c in channels)
        {
            if (c.InFlight < SpillAt)
            {
                return c.SendAsync(request, timeout, ct);
            }
        }
        int i = (int)((uint)Interlocked.Increment(ref _next) % (uint)channels.Length);
        return channels[i].SendAsync(request, timeout, ct);
    }

    private Channel[] Make(Endpoint host) =>
        Enumerable.Range(0, _perHost).Select(_ => new Channel(host.Address, host.Port, _connectTimeout, _credentials)).ToArray();

    public bool IsDown(Endpoint host) =>
        _downUntil.TryGetValue(host, out DateTime until) && DateTime.UtcNow < until;

    public void MarkDown(Endpoint host) => _downUntil[host] = DateTime.UtcNow + DownFor;

    public void MarkUp(Endpoint host)
    {
        if (_downUntil.ContainsKey(host))  // a lock-free look; TryRemove locks
        {
            _downUntil.TryRemove(host, out _);
        }
    }

    public void Dispose()
    {
        foreach (Channel[] channels in _hosts.Values)
        {
            foreach (Channel c in channels)
            {
                c.Dispose();
            }
        }
    }
}
