using System.IO.Compression;
using System.Text;
using Tributary.Compression;

namespace Tributary.Tests.Compression;

public sealed class CompressedContentTests
{
    public static TheoryData<string> Encodings => ["gzip", "deflate", "br"];

    // Text that compresses as event files do (repeated keys, varying values), large enough for several blocks.
    private static byte[] Content(int lines)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            text.Append("{\"eventType\":\"COMPLETE\",\"run\":{\"runId\":\"").Append(Guid.CreateVersion7()).Append("\"},\"job\":{\"name\":\"job-").Append(i * 7919 % 1000).Append("\"}}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Compress(byte[] content, string encoding)
    {
        using var buffer = new MemoryStream();
        using (Stream writer = encoding switch
        {
            "gzip" => new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true),
            "deflate" => new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true),
            _ => new BrotliStream(buffer, CompressionLevel.Optimal, leaveOpen: true),
        })
        {
            writer.Write(content);
        }

        return buffer.ToArray();
    }

    private static byte[] Read(byte[] compressed, string encoding, int chunk = 4096)
    {
        using var stream = CompressedContent.Open(new MemoryStream(compressed), encoding);
        using var output = new MemoryStream();
        var buffer = new byte[chunk];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    private static async Task<byte[]> ReadAsync(byte[] compressed, string encoding)
    {
        await using var stream = CompressedContent.Open(new MemoryStream(compressed), encoding);
        using var output = new MemoryStream();
        await stream.CopyToAsync(output);
        return output.ToArray();
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Whole_content_reads_back_byte_for_byte_in_any_read_size(string encoding)
    {
        var content = Content(5_000);
        var compressed = Compress(content, encoding);

        Assert.Equal(content, Read(compressed, encoding));
        Assert.Equal(content, Read(compressed, encoding, chunk: 7));
        Assert.Equal(content, await ReadAsync(compressed, encoding));
        Assert.Empty(Read(Compress([], encoding), encoding));
        Assert.Empty(Read([], encoding));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Content_cut_short_anywhere_fails_instead_of_reading_as_shorter_content(string encoding)
    {
        var compressed = Compress(Content(5_000), encoding);
        foreach (var kept in new[] { 1, 10, compressed.Length * 6 / 10, compressed.Length - 8, compressed.Length - 4, compressed.Length - 1 })
        {
            var cut = compressed[..kept];
            var error = Assert.Throws<InvalidDataException>(() => Read(cut, encoding));
            await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(cut, encoding));
            Assert.False(string.IsNullOrWhiteSpace(error.Message), $"cut at {kept} of {compressed.Length}");
        }
    }

    [Fact]
    public void A_gzip_stream_cut_short_is_said_to_be_cut_short()
    {
        var compressed = Compress(Content(5_000), "gzip");

        var error = Assert.Throws<InvalidDataException>(() => Read(compressed[..(compressed.Length / 2)], "gzip"));

        Assert.Contains("cut short", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Data_after_the_end_of_the_stream_fails(string encoding)
    {
        var content = Content(100);
        byte[] trailing = [.. Compress(content, encoding), .. "\n{}"u8];

        Assert.Throws<InvalidDataException>(() => Read(trailing, encoding));
    }

    // The compressed bytes, then junk without end; counts what was read of the junk.
    private sealed class EndlessJunk(byte[] head) : Stream
    {
        private long _position;

        public long JunkRead => Math.Max(0, _position - head.Length);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++, _position++)
            {
                buffer[offset + i] = _position < head.Length ? head[_position] : (byte)'x';
            }

            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void A_stream_that_goes_on_after_its_end_fails_without_being_read_to_its_end(string encoding)
    {
        // A request body of one small stream and gigabytes after it: refused at once, not read through.
        var junk = new EndlessJunk(Compress(Content(100), encoding));
        using var stream = CompressedContent.Open(junk, encoding);

        Assert.Throws<InvalidDataException>(() => stream.CopyTo(Stream.Null));
        Assert.InRange(junk.JunkRead, 0, 1 << 20);
    }

    [Fact]
    public void A_zlib_stream_whose_checksum_does_not_match_fails()
    {
        var compressed = Compress(Content(100), "deflate");
        compressed[^1] ^= 0x01;

        var error = Assert.Throws<InvalidDataException>(() => Read(compressed, "deflate"));

        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_stream_whose_length_does_not_match_fails()
    {
        var compressed = Compress(Content(100), "gzip");
        compressed[^4] ^= 0x01; // the low byte of the length modulo 2^32

        Assert.Throws<InvalidDataException>(() => Read(compressed, "gzip"));
    }

    [Fact]
    public void Several_gzip_members_are_refused_with_a_message_that_says_to_send_one()
    {
        byte[] members = [.. Compress(Content(50), "gzip"), .. Compress(Content(50), "gzip")];

        var error = Assert.Throws<InvalidDataException>(() => Read(members, "gzip"));

        Assert.Contains("several gzip members", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("X-GZIP", true)]
    [InlineData(" deflate ", true)]
    [InlineData("br", true)]
    [InlineData("zstd", false)]
    [InlineData("identity", false)]
    public void Only_gzip_deflate_and_br_are_supported(string encoding, bool supported)
    {
        Assert.Equal(supported, CompressedContent.IsSupported(encoding));
        if (!supported)
        {
            Assert.Throws<ArgumentException>(() => CompressedContent.Open(new MemoryStream(), encoding));
        }
    }

    [Fact]
    public void Disposing_closes_the_compressed_stream_unless_told_to_leave_it_open()
    {
        var compressed = Compress(Content(10), "br");
        var closed = new MemoryStream(compressed);
        var open = new MemoryStream(compressed);

        CompressedContent.Open(closed, "br").Dispose();
        CompressedContent.Open(open, "gzip", leaveOpen: true).Dispose();

        Assert.False(closed.CanRead);
        Assert.True(open.CanRead);
    }
}
