// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Net.Sockets;
using Soss.Client.Protocol;

using Soss.Client;

namespace Soss.Client.Transport;

/// <summary>
/// One logical connection to one service endpoint: a <see cref="Link"/> made on first use and made
/// again, on the next request, after it broke. A failed connect answers Unavailable with Written
/// false, so the caller may send the request elsewhere. Thread-safe.
/// </summary>
internal sealed class Channel : IDisposable
{
    private readonly string _address;
    private readonly int _port;
    private readonly TimeSpan _connectTimeout;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private Link? _link;
    private bool _disposed;

    public Channel(string address, int port, TimeSpan connectTimeout)
    {
        _address = address;
        _port = port;
        _connectTimeout = connectTimeout;
    }

    public string Host => $"{_address}:{_port}";

    public async Task<SendResult> SendAsync(WireRequest request, TimeSpan timeout, CancellationToken ct)
    {
        Link? link = Volatile.Read(ref _link);
        if (link == null || link.IsBroken)
        {
            try
            {
                link = await ConnectAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                ct.ThrowIfCancellationRequested();
                return SendResult.Unsent(Host, $"cannot connect: {e.Message}");
            }
        }
        return await link.SendAsync(request, timeout, ct).ConfigureAwait(false);
    }

    private async Task<Link> ConnectAsync(CancellationToken ct)
    {
        await _connectLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_link is { IsBroken: false } current)
            {
                return current;
            }
            _link?.Dispose();
            Link fresh = await Link.ConnectAsync(_address, _port, _connectTimeout, ct).ConfigureAwait(false);
            Volatile.Write(ref _link, fresh);
            return fresh;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    public void Dispose()
    {
        _connectLock.Wait();
        try
        {
            _disposed = true;
            _link?.Dispose();
        }
        finally
        {
            _connectLock.Release();
        }
    }
}
