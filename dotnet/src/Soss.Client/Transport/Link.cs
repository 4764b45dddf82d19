// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using Soss.Client.Protocol;

using Soss.Client;

namespace Soss.Client.Transport;

/// <summary>
/// One open TCP connection to one service, multiplexed: many requests in flight, replies matched
/// by request id (lock waits answer out of order). Once broken it stays broken and fails every
/// pending request; <see cref="Channel"/> makes a new one. Thread-safe.
/// </summary>
internal sealed class Link : IDisposable
{
    private readonly Socket _socket;
    private readonly string _host;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<WireResponse>> _pending = new();
    private long _nextId;
    private int _broken;

    private Link(Socket socket, string host)
    {
        _socket = socket;
        _host = host;
        _ = Task.Run(ReadLoopAsync);
    }

    public bool IsBroken => Volatile.Read(ref _broken) != 0;

    public static async Task<Link> ConnectAsync(string address, int port, TimeSpan timeout, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(address, port, cts.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new Link(socket, $"{address}:{port}");
    }

    /// <summary>Writes the request and waits for its reply (or the link's failure).</summary>
    public async Task<SendResult> SendAsync(WireRequest request, TimeSpan timeout, CancellationToken ct)
    {
        ulong id = (ulong)Interlocked.Increment(ref _nextId);
        var tcs = new TaskCompletionSource<WireResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        byte[] frame = FrameCodec.EncodeRequest(id, request);
        try
        {
            await _writeLock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                if (IsBroken)
                {
                    throw new SocketException((int)SocketError.NotConnected);
                }
                await _socket.SendAsync(frame, SocketFlags.None, ct).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _pending.TryRemove(id, out _);
            Break(e.Message, reset: false);
            return SendResult.Unsent(_host, "connection lost before the request was written");
        }
        return await AwaitReplyAsync(id, tcs, timeout, ct).ConfigureAwait(false);
    }

    private async Task<SendResult> AwaitReplyAsync(ulong id, TaskCompletionSource<WireResponse> tcs,
        TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            WireResponse answer = timeout > TimeSpan.Zero
                ? await tcs.Task.WaitAsync(timeout, ct).ConfigureAwait(false)
                : await tcs.Task.WaitAsync(ct).ConfigureAwait(false);
            return new SendResult(answer, true, _host);
        }
        catch (TimeoutException)
        {
            // The outcome is unknown; a reset (not an orderly close) makes sure bytes still queued
            // in our socket are never delivered later (docs/client.md "Timeouts and the connection").
            _pending.TryRemove(id, out _);
            Break("request timed out", reset: true);
            return new SendResult(WireResponse.Of(ResultCode.Timeout, $"{_host}: no answer in {timeout.TotalMilliseconds} ms"), true, _host);
        }
        catch (OperationCanceledException)
        {
            _pending.TryRemove(id, out _);
            throw;
        }
    }

    private async Task ReadLoopAsync()
    {
        byte[] head = new byte[FrameHeader.Size];
        try
        {
            while (true)
            {
                await ReadExactlyAsync(head).ConfigureAwait(false);
                FrameHeader h = FrameHeader.Parse(head);
                byte[] body = ArrayPool<byte>.Shared.Rent((int)h.BodyLength);
                try
                {
                    await ReadExactlyAsync(body.AsMemory(0, (int)h.BodyLength)).ConfigureAwait(false);
                    if (!h.IsResponse)
                    {
                        throw new ProtocolException("a request frame arrived from the service");
                    }
                    WireResponse answer = FrameCodec.DecodeResponse(body.AsSpan(0, (int)h.BodyLength));
                    if (_pending.TryRemove(h.RequestId, out var tcs))
                    {
                        tcs.TrySetResult(answer);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(body);
                }
            }
        }
        catch (Exception e)
        {
            Break(e.Message, reset: e is ProtocolException);
        }
    }

    private async Task ReadExactlyAsync(Memory<byte> into)
    {
        int got = 0;
        while (got < into.Length)
        {
            int n = await _socket.ReceiveAsync(into[got..], SocketFlags.None).ConfigureAwait(false);
            if (n == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }
            got += n;
        }
    }

    /// <summary>Closes the socket once and answers every pending request Unavailable.</summary>
    private void Break(string why, bool reset)
    {
        if (Interlocked.Exchange(ref _broken, 1) != 0)
        {
            return;
        }
        try
        {
            if (reset)
            {
                _socket.LingerState = new LingerOption(true, 0);
            }
            _socket.Close();
        }
        catch (SocketException)
        {
        }
        foreach (ulong id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var tcs))
            {
                tcs.TrySetResult(WireResponse.Of(ResultCode.Unavailable,
                    $"{_host}: connection lost ({why}); the outcome is unknown"));
            }
        }
    }

    public void Dispose() => Break("closed by the client", reset: false);
}
