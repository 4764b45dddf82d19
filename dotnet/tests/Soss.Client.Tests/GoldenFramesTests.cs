// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Text;
using Soss.Client.Protocol;
using Soss.TestSupport;

namespace Soss.Client.Tests;

// The same requests and responses as tests/net/golden_frames_test.cpp, encoded by Soss.Client:
// each must equal its file in tests/golden/ byte for byte, and each file must decode and re-encode
// to itself. If either codec changes alone, one of the two suites fails.
public class GoldenFramesTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static WireRequest Obj(OpCode op, string ns, string key) =>
        new() { Op = op, Ns = Keys.NamespaceId(ns), Key = Keys.KeyOf(key), NsName = ns, KeyName = key };

    private static ObjectId Id(string ns, string key) => new(Keys.NamespaceId(ns), Keys.KeyOf(key));

    private static WireRequest FullPut()
    {
        WireRequest r = Obj(OpCode.Put, "sessions", "user:42");
        r.Value = new byte[] { (byte)'v', 0, (byte)'a', (byte)'l', (byte)'u', (byte)'e' };
        r.ContentType = "application/octet-stream";
        r.TimeoutSeconds = 1200;
        r.TimeoutType = TimeoutType.Sliding;
        r.Priority = Priority.NotRemovable;
        r.Parents.Add(Id("sessions", "parent"));
        r.Indexes = ["tag-a", "", "tag-c"];
        r.Version = 7;
        r.Ticket = 0xDEADBEEFCAFEul;
        r.WaitMs = 1500;
        r.LockAfter = true;
        r.Items.Add(new BulkItem(Keys.KeyOf("x"), "x", B("1")));
        r.Cursor = "abc";
        r.Limit = 50;
        r.Fields = [new("lock_timeout", "30")];
        return r;
    }

    public static TheoryData<string, ulong, Func<WireRequest>> Requests() => new()
    {
        { "ping_request.hex", 1, () => new WireRequest() },
        { "put_request.hex", 0x0102030405060708ul, FullPut },
        { "read_request.hex", 7, () => Obj(OpCode.Read, "sessions", "user:42") },
        { "lock_request.hex", 8, () => { var r = Obj(OpCode.Lock, "locks", "k"); r.WaitMs = 5000; return r; } },
        { "update_and_release_request.hex", 9, () =>
            { var r = Obj(OpCode.UpdateAndRelease, "locks", "k"); r.Value = B("new"); r.Ticket = 0x1122334455667788ul; return r; } },
        { "routing_request.hex", 10, () => new WireRequest { Op = OpCode.GetRouting } },
    };

    private static WireResponse FullRead()
    {
        var a = new WireResponse { Code = ResultCode.Retrieved, Value = B("hello"), Ticket = 9, Count = 1000 };
        a.Meta = new ObjectMetadata
        {
            Version = 3, CreatedMs = 1764000000000, UpdatedMs = -5, TimeoutSeconds = 1200,
            TimeoutType = TimeoutType.ResetOnUpdate, Priority = Priority.NotRemovable, Locked = true, Size = 5,
            KeyName = "user:42", ContentType = "text/plain", Parents = [Id("sessions", "parent")], Indexes = ["tag-a"],
        };
        return a;
    }

    private static WireResponse Listing()
    {
        var a = new WireResponse { Code = ResultCode.Ok, Cursor = "next" };
        a.Items.Add(new BulkResult(ResultCode.Retrieved, B("one"), 1));
        a.Items.Add(new BulkResult(ResultCode.NotFound, [], 0));
        a.Namespaces.Add(new NamespaceInfo(Keys.NamespaceId("sessions"), "sessions", 12, 4096));
        a.Keys.Add(new KeyInfo(Keys.KeyOf("user:42"), "user:42"));
        a.Fields = [new("epoch", "4"), new("state", "active")];
        return a;
    }

    internal static WireResponse Routing()
    {
        var a = new WireResponse { Code = ResultCode.Ok };
        a.Fields = [new("epoch", "5"), new("host", "0 127.0.0.1 7021"), new("host", "1 127.0.0.2 7021")];
        a.Value = new byte[2 * Keys.PartitionCount];
        for (int p = 0; p < Keys.PartitionCount; ++p)
        {
            ushort i = p % 3 == 2 ? (ushort)0xFFFF : (ushort)(p % 2);
            a.Value[2 * p] = (byte)(i & 0xFF);
            a.Value[2 * p + 1] = (byte)(i >> 8);
        }
        return a;
    }

    public static TheoryData<string, ulong, OpCode, Func<WireResponse>> Responses() => new()
    {
        { "read_response.hex", 7, OpCode.Read, FullRead },
        { "not_found_response.hex", 11, OpCode.Read, () => WireResponse.Of(ResultCode.NotFound, "no such object") },
        { "listing_response.hex", 12, OpCode.ListKeys, Listing },
        { "routing_response.hex", 10, OpCode.GetRouting, Routing },
    };

    internal static byte[] ReadHex(string name)
    {
        string hex = string.Concat(File.ReadAllLines(Path.Combine(RepoPaths.Golden, name)).Where(l => l.Length > 0 && l[0] != '#'));
        return Convert.FromHexString(hex);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void RequestFramesEqualTheCppCodecs(string file, ulong id, Func<WireRequest> make)
    {
        byte[] golden = ReadHex(file);
        Assert.Equal(Convert.ToHexString(golden), Convert.ToHexString(FrameCodec.EncodeRequest(id, make())));
        FrameHeader h = FrameHeader.Parse(golden);
        Assert.Equal(id, h.RequestId);
        Assert.Equal((uint)(golden.Length - FrameHeader.Size), h.BodyLength);
        WireRequest decoded = FrameCodec.DecodeRequest(h, golden.AsSpan(FrameHeader.Size));
        Assert.Equal(Convert.ToHexString(golden), Convert.ToHexString(FrameCodec.EncodeRequest(id, decoded)));
    }

    [Theory]
    [MemberData(nameof(Responses))]
    public void ResponseFramesEqualTheCppCodecs(string file, ulong id, OpCode op, Func<WireResponse> make)
    {
        byte[] golden = ReadHex(file);
        Assert.Equal(Convert.ToHexString(golden), Convert.ToHexString(FrameCodec.EncodeResponse(id, op, make())));
        FrameHeader h = FrameHeader.Parse(golden);
        Assert.True(h.IsResponse);
        WireResponse decoded = FrameCodec.DecodeResponse(golden.AsSpan(FrameHeader.Size));
        Assert.Equal(Convert.ToHexString(golden), Convert.ToHexString(FrameCodec.EncodeResponse(id, op, decoded)));
    }

    [Fact]
    public void NamespaceIdsAndPartitionsEqualTheCppHashes()
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepoPaths.Golden, "hashes.txt"));
        Assert.Equal(8, lines.Length);
        foreach (string line in lines)
        {
            string[] f = line.Split(' ');
            if (f[0] == "ns")
            {
                Assert.Equal(uint.Parse(f[2]), Keys.NamespaceId(f[1] == "-" ? "" : f[1]));
            }
            else
            {
                Assert.Equal(uint.Parse(f[3]), Keys.PartitionOf(Keys.NamespaceId(f[1]), Keys.KeyOf(f[2])));
            }
        }
    }

    [Fact]
    public void TheRoutingAnswerDecodesToItsTable()
    {
        var table = Soss.Client.Transport.RoutingTable.Decode(FrameCodec.DecodeResponse(ReadHex("routing_response.hex").AsSpan(FrameHeader.Size)));
        Assert.NotNull(table);
        Assert.Equal(new Endpoint("127.0.0.2", 7021), table.PrimaryOf(1));
        Assert.Equal(new Endpoint("127.0.0.1", 7021), table.PrimaryOf(4));
        Assert.Null(table.PrimaryOf(2));
    }
}
