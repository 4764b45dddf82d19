// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
namespace Soss.Client.Protocol;

/// <summary>
/// Encodes whole frames (header + body) and decodes bodies, byte for byte as libsoss_net's codec
/// (the golden frames in tests/golden/ hold both suites to it). Stateless and thread-safe.
/// </summary>
public static class FrameCodec
{
    public static byte[] EncodeRequest(ulong requestId, WireRequest request)
    {
        var w = new WireWriter(128 + request.Value.Length);
        Frame(w, new FrameHeader(0, request.Op, requestId, 0), () => RequestBody.Write(w, request));
        return w.ToArray();
    }

    public static byte[] EncodeResponse(ulong requestId, OpCode op, WireResponse response)
    {
        var w = new WireWriter(160 + response.Value.Length);
        Frame(w, new FrameHeader(FrameHeader.FlagResponse, op, requestId, 0), () => ResponseBody.Write(w, response));
        return w.ToArray();
    }

    private static void Frame(WireWriter w, FrameHeader header, Action body)
    {
        Span<byte> head = stackalloc byte[FrameHeader.Size];
        header.Write(head);
        w.Raw(head);
        body();
        w.PatchU32(16, (uint)(w.Length - FrameHeader.Size));
    }

    /// <summary>Decodes a request body; the opcode comes from the header and must be known.</summary>
    public static WireRequest DecodeRequest(FrameHeader header, ReadOnlySpan<byte> body)
    {
        OpCode op = header.Op;
        if (op != OpCode.Ping && op != OpCode.Auth && op != OpCode.GetRouting && !OpCodes.IsObjectOp(op) &&
            !((ushort)op >= 100 && (ushort)op <= 105))
        {
            throw new ProtocolException($"unknown opcode {(ushort)op}");
        }
        var r = new WireReader(body);
        WireRequest request = RequestBody.Read(ref r);
        request.Op = op;
        Finish(ref r, "request");
        return request;
    }

    public static WireResponse DecodeResponse(ReadOnlySpan<byte> body)
    {
        var r = new WireReader(body);
        WireResponse response = ResponseBody.Read(ref r);
        Finish(ref r, "response");
        return response;
    }

    private static void Finish(ref WireReader r, string what)
    {
        if (r.Remaining != 0)
        {
            throw new ProtocolException($"{r.Remaining} trailing bytes after the {what} body");
        }
    }
}
