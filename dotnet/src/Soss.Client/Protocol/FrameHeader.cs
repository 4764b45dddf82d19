// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;

namespace Soss.Client.Protocol;

/// <summary>The 20-byte little-endian frame header of protocol v1.</summary>
public readonly record struct FrameHeader(byte Flags, OpCode Op, ulong RequestId, uint BodyLength)
{
    public const uint Magic = 0x53534F53;
    public const byte Version = 1;
    public const int Size = 20;
    public const byte FlagResponse = 0x01;
    /// <summary>The service's default cap on a body: 32 MiB objects plus 1 MiB of metadata.</summary>
    public const uint DefaultMaxBody = (32u << 20) + (1u << 20);

    public bool IsResponse => (Flags & FlagResponse) != 0;

    public void Write(Span<byte> into)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(into, Magic);
        into[4] = Version;
        into[5] = Flags;
        BinaryPrimitives.WriteUInt16LittleEndian(into[6..], (ushort)Op);
        BinaryPrimitives.WriteUInt64LittleEndian(into[8..], RequestId);
        BinaryPrimitives.WriteUInt32LittleEndian(into[16..], BodyLength);
    }

    /// <summary>Parses and checks magic, version, flags and the body limit, as the service does.</summary>
    public static FrameHeader Parse(ReadOnlySpan<byte> bytes, uint maxBody = DefaultMaxBody)
    {
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        if (magic != Magic)
        {
            throw new ProtocolException($"bad frame magic 0x{magic:x8}");
        }
        if (bytes[4] != Version)
        {
            throw new ProtocolException($"unsupported protocol version {bytes[4]}");
        }
        byte flags = bytes[5];
        if ((flags & ~FlagResponse) != 0)
        {
            throw new ProtocolException($"unknown frame flags 0x{flags:x2}");
        }
        var header = new FrameHeader(flags, (OpCode)BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]), BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]));
        if (header.BodyLength > maxBody)
        {
            throw new ProtocolException($"frame body of {header.BodyLength} bytes exceeds the limit of {maxBody}");
        }
        return header;
    }
}
