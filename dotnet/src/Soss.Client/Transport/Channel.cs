// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Net.Sockets;
using Soss.Client.Protocol;

using Soss.Client;

namespace Soss.Client.Transport;

/// <summary>
/// One logical connection to one service endpoint: a <see cref="Link"/> made on first use and made
/// again, on the next request, after it broke. A failed connect answers Unavailable with Written
/// false, so the caller may send the request elsewhere. With credentials a new link is handed out
/// only after its first request, auth, was answered Ok; a refused user throws
/// <see cref="SossAuthenticationException"/>. Thread-safe.
/// </summary>
internal sealed class Channel : IDisposable
{
    private readonly string _address;
    private readonly int _port;
    private readonly TimeSpan _connectTimeout;
    private readonly Credentials? _credentials;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private Link? _link;
    private bool _disposed;
    private int _inFlight;

    public Channel(string address, int port, TimeSpan connectTimeout, Credentials? credentials = null)
    {
        _credentials = credentials;
        _address = address;
        _port = port;
        _connectTimeout = connectTimeout;
    }

    public string Host => $"{_address}:{_port}";

    /// <summary>Requests sent on this channel and not answered yet.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public async Task<SendResult> SendAsync(WireRequest request, TimeSpan timeout, CancellationToken ct)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            return await SendOnLinkAsync(request, timeout, ct).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<SendResult> SendOnLinkAsync(WireRequest request, TimeSpan timeout, CancellationToken ct)
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
            if (_credentials != null)
            {
                await AuthenticateAsync(fresh, _credentials, ct).ConfigureAwait(false);
            }
            Volatile.Write(ref _link, fresh);
            return fresh;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>Sends auth as the link's first request; a lost answer is a failed connect, a refusal throws.</summary>
    private async Task AuthenticateAsync(Link link, Credentials credentials, CancellationToken ct)
    {
        var auth = new WireRequest
        {
            Op = OpCode.Auth,
            Value = System.Text.Encoding.UTF8.GetBytes(credentials.Password),
            Fields = [new("user", credentials.User)],
        };
        SendResult sent = await link.SendAsync(auth, _connectTimeout, ct).ConfigureAwait(false);
        ResultCode code = sent.Response.Code;
        if (code == ResultCode.Ok)
        {
            return;
        }
        link.Dispose();
        if (code is ResultCode.Unavailable or ResultCode.Timeout)
        {
            throw new SocketException((int)SocketError.ConnectionAborted);
        }
        throw new SossAuthenticationException(credentials, Host, sent.Response);
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
