using System.Buffers;
using System.IO.Compression;

namespace Tributary.Storage.Parquet;

/// <summary>Compresses and decompresses page data with the codecs this library supports, capping every output at the size the page header declares.</summary>
internal static class PageCompression
{
    /// <summary>
    /// Compresses <paramref name="data"/> with <paramref name="codec"/>; the result is <paramref name="data"/> itself
    /// (uncompressed) or lies in <paramref name="scratch"/>, valid until its next use. A writer compresses every page
    /// through one scratch buffer, so pages of a megabyte do not each allocate two large arrays.
    /// </summary>
    public static ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> data, ParquetCompression codec, ArrayBufferWriter<byte> scratch)
    {
        scratch.ResetWrittenCount();
        switch (codec)
        {
            case ParquetCompression.Uncompressed:
                return data;
            case ParquetCompression.Snappy:
                scratch.Advance(Snappy.Compress(data, scratch.GetSpan(Snappy.MaxCompressedLength(data.Length))));
                return scratch.WrittenSpan;
            case ParquetCompression.Gzip:
                using (var buffer = new MemoryStream())
                {
                    using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
                    {
                        gzip.Write(data);
                    }

                    scratch.Write(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
                    return scratch.WrittenSpan;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(codec), codec, "Unknown compression.");
        }
    }

    /// <summary>
    /// Decompresses <paramref name="data"/> to exactly <paramref name="uncompressedSize"/> bytes; throws
    /// <see cref="InvalidDataException"/> for an unsupported codec, damaged data or a size mismatch.
    /// </summary>
    public static byte[] Decompress(ReadOnlySpan<byte> data, int codec, int uncompressedSize)
    {
        switch (codec)
        {
            case (int)ParquetCompression.Uncompressed:
                if (data.Length != uncompressedSize)
                {
                    throw new InvalidDataException($"an uncompressed page has {data.Length} bytes but declares {uncompressedSize}");
                }

                return data.ToArray();
            case (int)ParquetCompression.Snappy:
                if (uncompressedSize > ((long)data.Length * 64) + 64)
                {
                    throw new InvalidDataException($"a Snappy page of {data.Length} bytes cannot expand to {uncompressedSize}");
                }

                return Snappy.Decompress(data, uncompressedSize);
            case (int)ParquetCompression.Gzip:
                if (uncompressedSize > ((long)data.Length * 1100) + 1024)
                {
                    throw new InvalidDataException($"a GZIP page of {data.Length} bytes cannot expand to {uncompressedSize}");
                }

                return Gunzip(data, uncompressedSize);
            default:
                throw new InvalidDataException($"compression codec {codec} is not supported (only UNCOMPRESSED, SNAPPY and GZIP are)");
        }
    }

    private static byte[] Gunzip(ReadOnlySpan<byte> data, int uncompressedSize)
    {
        var output = new byte[uncompressedSize];
        using var input = new MemoryStream(data.ToArray(), writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        var read = 0;
        try
        {
            while (read < output.Length)
            {
                var n = gzip.Read(output, read, output.Length - read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            if (read != uncompressedSize || gzip.Read(new byte[1], 0, 1) != 0)
            {
                throw new InvalidDataException($"a GZIP page expands to a different size than the {uncompressedSize} bytes it declares");
            }
        }
        catch (InvalidDataException)
        {
            throw;
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"a GZIP page is damaged: {e.Message}", e);
        }

        return output;
    }
}
