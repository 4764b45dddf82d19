// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using System.Text;

namespace Soss.Client.Protocol;

/// <summary>
/// Reads what <see cref="WireWriter"/> writes. Every length or count is checked against the
/// bytes left before anything is allocated, as the C++ decoder does; a violation throws
/// <see cref="ProtocolException"/>. Not thread-safe.
/// </summary>
internal ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public WireReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
    }

    public int Remaining => _data.Length - _pos;

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || n > Remaining)
        {
            throw new ProtocolException($"truncated body: {n} bytes wanted, {Remaining} left");
        }
        ReadOnlySpan<byte> span = _data.Slice(_pos, n);
        _pos += n;
        return span;
    }

    public byte U8() => Take(1)[0];
    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
    public long I64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));
    public byte[] Raw(int n) => Take(n).ToArray();

    public bool Bool(string what)
    {
        byte v = U8();
        return v switch
        {
            0 => false,
            1 => true,
            _ => throw new ProtocolException($"bad {what} value {v}"),
        };
    }

    public byte Enum(byte max, string what)
    {
        byte v = U8();
        return v <= max ? v : throw new ProtocolException($"bad {what} value {v}");
    }

    /// <summary>A u32 count whose elements take at least <paramref name="minElementBytes"/> each.</summary>
    public int Count(int minElementBytes)
    {
        uint n = U32();
        if ((ulong)n * (ulong)minElementBytes > (ulong)Remaining)
        {
            throw new ProtocolException($"length {n} exceeds the frame");
        }
        return (int)n;
    }

    public byte[] Bytes() => Raw(Count(1));
    public string Str() => Encoding.UTF8.GetString(Take(Count(1)));

    public List<string> Strings()
    {
        int n = Count(4);
        var list = new List<string>(n);
        for (int i = 0; i < n; ++i)
        {
            list.Add(Str());
        }
        return list;
    }

    public List<KeyValuePair<string, string>> Fields()
    {
        int n = Count(8);
        var list = new List<KeyValuePair<string, string>>(n);
        for (int i = 0; i < n; ++i)
        {
            string name = Str();
            list.Add(new(name, Str()));
        }
        return list;
    }
}

/// <summary>A malformed frame or body (the service's ProtocolError).</summary>
public sealed class ProtocolException(string message) : Exception(message);
