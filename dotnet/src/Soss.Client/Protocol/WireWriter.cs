// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using System.Text;

namespace Soss.Client.Protocol;

/// <summary>
/// Appends little-endian fixed-width integers and u32-length-prefixed byte strings to a growing
/// buffer: the binary archive layout of the C++ codec. Not thread-safe; one per encode.
/// </summary>
internal sealed class WireWriter
{
    private byte[] _buffer;
    private int _length;

    public WireWriter(int capacity = 256) => _buffer = new byte[capacity];

    public int Length => _length;
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);
    public byte[] ToArray() => Written.ToArray();

    private Span<byte> Take(int n)
    {
        if (_length + n > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + n));
        }
        Span<byte> span = _buffer.AsSpan(_length, n);
        _length += n;
        return span;
    }

    public void U8(byte v) => Take(1)[0] = v;
    public void Bool(bool v) => U8(v ? (byte)1 : (byte)0);
    public void U16(ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(Take(2), v);
    public void U32(uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), v);
    public void U64(ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), v);
    public void I64(long v) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), v);
    public void Raw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        U32((uint)bytes.Length);
        Raw(bytes);
    }

    public void Str(string? text)
    {
        text ??= string.Empty;
        int n = Encoding.UTF8.GetByteCount(text);
        U32((uint)n);
        Encoding.UTF8.GetBytes(text, Take(n));
    }

    public void Strings(IReadOnlyList<string> list)
    {
        U32((uint)list.Count);
        foreach (string s in list)
        {
            Str(s);
        }
    }

    public void Fields(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        U32((uint)fields.Count);
        foreach (var (name, value) in fields)
        {
            Str(name);
            Str(value);
        }
    }

    /// <summary>Overwrites 4 bytes at <paramref name="offset"/> (the frame's body length).</summary>
    public void PatchU32(int offset, uint v) =>
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(offset, 4), v);
}
