// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using System.Text;

namespace Soss.AspNetCore;

/// <summary>
/// The bytes of one stored session: a version byte (1), a u32 count, then per item a u16 UTF-8
/// key length, the key, a u32 value length and the value (little-endian). Stateless.
/// </summary>
internal static class SessionFormat
{
    private const byte Version = 1;

    public static byte[] Encode(Dictionary<string, byte[]> items)
    {
        using var ms = new MemoryStream();
        Span<byte> n = stackalloc byte[4];
        ms.WriteByte(Version);
        BinaryPrimitives.WriteUInt32LittleEndian(n, (uint)items.Count);
        ms.Write(n);
        foreach ((string key, byte[] value) in items)
        {
            byte[] k = Encoding.UTF8.GetBytes(key);
            if (k.Length > ushort.MaxValue)
            {
                throw new ArgumentException("a session key is at most 65535 UTF-8 bytes");
            }
            BinaryPrimitives.WriteUInt16LittleEndian(n, (ushort)k.Length);
            ms.Write(n[..2]);
            ms.Write(k);
            BinaryPrimitives.WriteUInt32LittleEndian(n, (uint)value.Length);
            ms.Write(n);
            ms.Write(value);
        }
        return ms.ToArray();
    }

    /// <summary>Empty bytes are an empty session; anything malformed is too (the session starts over).</summary>
    public static Dictionary<string, byte[]> Decode(ReadOnlySpan<byte> b)
    {
        var items = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (b.Length < 5 || b[0] != Version)
        {
            return items;
        }
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(b[1..]);
        int at = 5;
        for (uint i = 0; i < count; ++i)
        {
            if (at + 2 > b.Length)
            {
                return new(StringComparer.Ordinal);
            }
            int klen = BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);
            at += 2;
            if (at + klen + 4 > b.Length)
            {
                return new(StringComparer.Ordinal);
            }
            string key = Encoding.UTF8.GetString(b.Slice(at, klen));
            at += klen;
            long vlen = BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);
            at += 4;
            if (at + vlen > b.Length)
            {
                return new(StringComparer.Ordinal);
            }
            items[key] = b.Slice(at, (int)vlen).ToArray();
            at += (int)vlen;
        }
        return items;
    }
}
