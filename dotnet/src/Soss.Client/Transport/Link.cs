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
/// Writes are batched: a request's frame goes into an outbox, and whichever caller finds no flush
/// running sends everything queued so far in one send (frames that arrive meanwhile go in the
/// next one), on its own thread: concurrent requests share system calls and no thread is woken
/// to write. Reads go through one buffer, so a receive can carry many replies.
/// </summary>
internal sealed class Link : IDisposable
{
    private const int ReadBufferSize = 64 * 1024;
    private const int MaxBatchBytes = 256 * 1024;

    private readonly Socket _socket;
    private readonly string _host;
    private readonly ConcurrentQueue<(ulong Id, byte[] Frame)> _outbox = new();
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<SendResult>> _pending = new();
    private readonly List<ulong> _batchIds = new();  // only the flusher of the moment uses it
    private long _nextId;
    private int _flushing;
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

    /// <summary>Queues the request, flushes the outbox unless another caller is, and waits for the reply (or the link's failure).</summary>
    public async Task<SendResult> SendAsync(WireRequest request, TimeSpan timeout, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        ulong id = (ulong)Interlocked.Increment(ref _nextId);
        var tcs = new TaskCompletionSource<SendResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        _outbox.Enqueue((id, FrameCodec.EncodeRequest(id, request)));
        if (IsBroken)
        {
            // Break may have swept the outbox before this frame was queued.
            if (_pending.TryRemove(id, out _))
            {
                return SendResult.Unsent(_host, "connection lost before the request was written");
            }
        }
        else if (Interlocked.CompareExchange(ref _flushing, 1, 0) == 0)
        {
            await FlushAsync().ConfigureAwait(false);
        }
        return await AwaitReplyAsync(id, tcs, timeout, ct).ConfigureAwait(false);
    }

    /// <summary>Sends the outbox in batches until it is empty; the caller holds _flushing.</summary>
    private async Task FlushAsync()
    {
        while (true)
        {
            _batchIds.Clear();
            byte[]? single = null;
            byte[]? pooled = null;
            int length = 0;
            while (length < MaxBatchBytes && _outbox.TryDequeue(out var next))
            {
                _batchIds.Add(next.Id);
                if (single == null)
                {
                    single = next.Frame;
                }
                else
                {
                    if (pooled == null || length + next.Frame.Length > pooled.Length)
                    {
                        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(MaxBatchBytes, 2 * (length + next.Frame.Length)));
                        (pooled ?? single).AsSpan(0, length).CopyTo(bigger);
                        if (pooled != null)
                        {
                            ArrayPool<byte>.Shared.Return(pooled);
                        }
                        pooled = bigger;
                    }
                    next.Frame.CopyTo(pooled, length);
                }
                length += next.Frame.Length;
            }
            if (_batchIds.Count == 0)
            {
                Volatile.Write(ref _flushing, 0);
                // A frame queued after the last look, by a caller that saw _flushing set, is ours.
                if (_outbox.IsEmpty || Interlocked.CompareExchange(ref _flushing, 1, 0) != 0)
                {
                    return;
                }
                continue;
            }
            try
            {
                ReadOnlyMemory<byte> bytes = pooled != null ? pooled.AsMemory(0, length) : single;
                if (IsBroken)
                {
                    throw new SocketException((int)SocketError.NotConnected);
                }
                await _socket.SendAsync(bytes, SocketFlags.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                foreach (ulong id in _batchIds)
                {
                    if (_pending.TryRemove(id, out var tcs))
                    {
                        tcs.TrySetResult(SendResult.Unsent(_host, "connection lost before the request was written"));
                    }
                }
                Break(e.Message, reset: false);
                Volatile.Write(ref _flushing, 0);
                return;
            }
            finally
            {
                if (pooled != null)
                {
                    ArrayPool<byte>.Shared.Return(pooled);
                }
            }
        }
    }

    private async Task<SendResult> AwaitReplyAsync(ulong id, TaskCompletionSource<SendResult> tcs,
        TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            return timeout > TimeSpan.Zero
                ? await tcs.Task.WaitAsync(timeout, ct).ConfigureAwait(false)
                : await tcs.Task.WaitAsync(ct).ConfigureAwait(false);
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

    /// <summary>Reads replies through one buffer; a frame larger than it is read into a pooled array of its own.</summary>
    private async Task ReadLoopAsync()
    {
        byte[] buffer = new byte[ReadBufferSize];
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                while (end - start < FrameHeader.Size)
                {
                    (start, end) = Compact(buffer, start, end, FrameHeader.Size);
                    end += await ReceiveAsync(buffer.AsMemory(end)).ConfigureAwait(false);
                }
                FrameHeader h = FrameHeader.Parse(buffer.AsSpan(start, FrameHeader.Size));
                if (!h.IsResponse)
                {
                    throw new ProtocolException("a request frame arrived from the service");
                }
                int body = (int)h.BodyLength;
                int total = FrameHeader.Size + body;
                if (total <= buffer.Length)
                {
                    (start, end) = Compact(buffer, start, end, total);
                    while (end - start < total)
                    {
                        end += await ReceiveAsync(buffer.AsMemory(end)).ConfigureAwait(false);
                    }
                    Deliver(h, buffer.AsSpan(start + FrameHeader.Size, body));
                    start += total;
                    if (start == end)
                    {
                        start = end = 0;
                    }
                    continue;
                }
                byte[] big = ArrayPool<byte>.Shared.Rent(body);
                try
                {
                    int have = end - start - FrameHeader.Size;
                    buffer.AsSpan(start + FrameHeader.Size, have).CopyTo(big);
                    start = end = 0;
                    while (have < body)
                    {
                        have += await ReceiveAsync(big.AsMemory(have, body - have)).ConfigureAwait(false);
                    }
                    Deliver(h, big.AsSpan(0, body));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(big);
                }
            }
        }
        catch (Exception e)
        {
            Break(e.Message, reset: e is ProtocolException);
        }
    }

    /// <summary>Moves the unread bytes to the front when fewer than <paramref name="need"/> fit behind them.</summary>
    private static (int Start, int End) Compact(byte[] buffer, int start, int end, int need)
    {
        if (start + need <= buffer.Length)
        {
            return (start, end);
        }
        int n = end - start;
        Buffer.BlockCopy(buffer, start, buffer, 0, n);
        return (0, n);
    }

    private void Deliver(FrameHeader h, ReadOnlySpan<byte> body)
    {
        WireResponse answer = FrameCodec.DecodeResponse(body);
        if (_pending.TryRemove(h.RequestId, out var tcs))
        {
            tcs.TrySetResult(new SendResult(answer, true, _host));
        }
    }

    private async ValueTask<int> ReceiveAsync(Memory<byte> into)
    {
        int n = await _socket.ReceiveAsync(into, SocketFlags.None).ConfigureAwait(false);
        if (n == 0)
        {
            throw new SocketException((int)SocketError.ConnectionReset);
        }
        return n;
    }

    /// <summary>
    /// Closes the socket once; requests still in the outbox were never written (Unsent), every other
    /// pending one answers Unavailable with an unknown outcome.
    /// </summary>
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
        while (_outbox.TryDequeue(out var queued))
        {
            if (_pending.TryRemove(queued.Id, out var tcs))
            {
                tcs.TrySetResult(SendResult.Unsent(_host, "connection lost before the request was written"));
            }
        }
        foreach (ulong id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var tcs))
            {
                tcs.TrySetResult(new SendResult(WireResponse.Of(ResultCode.Unavailable,
                    $"{_host}: connection lost ({why}); the outcome is unknown"), true, _host));
            }
        }
    }

    public void Dispose() => Break("closed by the client", reset: false);
}
