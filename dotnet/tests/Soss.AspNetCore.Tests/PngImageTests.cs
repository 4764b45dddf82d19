// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Soss.AspNetCore.Tests;

// The screenshot check's decoder on images made here: a blank one is seen as one colour, so
// ChromiumTests can tell a blank screenshot from a page.
public sealed class PngImageTests
{
    // An 8-bit RGB PNG of `rows` (one filter byte, then width x 3 bytes each). Its CRCs are zero:
    // the decoder does not check them.
    private static byte[] Png(int width, byte[][] rows)
    {
        var file = new MemoryStream();
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), rows.Length);
        header[8] = 8;
        header[9] = 2;
        Chunk(file, "IHDR", header);
        var data = new MemoryStream();
        using (var z = new ZLibStream(data, CompressionLevel.Fastest, leaveOpen: true))
        {
            foreach (byte[] row in rows)
            {
                z.Write(row);
            }
        }
        Chunk(file, "IDAT", data.ToArray());
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    private static void Chunk(Stream file, string type, byte[] data)
    {
        byte[] length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        file.Write(length);
        file.Write(Encoding.ASCII.GetBytes(type));
        file.Write(data);
        file.Write(new byte[4]);
    }

    [Fact]
    public void ABlankImageHasOneColour()
    {
        byte[] white = [0, 255, 255, 255, 255, 255, 255];
        Assert.Equal((2, 2, 1), PngImage.Inspect(Png(2, [white, white])));
    }

    [Fact]
    public void FiltersAreUndone()
    {
        // Row 1, filter Sub: (10,20,30) then +(5,5,5) = (15,25,35). Row 2, filter Up: the same
        // as row 1 (all deltas 0). Three distinct colours would mean a filter was misread.
        byte[] sub = [1, 10, 20, 30, 5, 5, 5];
        byte[] up = [2, 0, 0, 0, 0, 0, 0];
        Assert.Equal((2, 2, 2), PngImage.Inspect(Png(2, [sub, up])));
    }

    [Fact]
    public void NotAPngIsRefused()
    {
        Assert.Throws<InvalidDataException>(() => PngImage.Inspect(Encoding.ASCII.GetBytes("<html>not a picture</html> padding padding")));
    }
}
