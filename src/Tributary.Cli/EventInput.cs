using Tributary.Compression;

namespace Tributary.Cli;

/// <summary>
/// Opens the inputs of <c>tributary ingest</c> and <c>tributary validate</c>: files and standard input, read as they are
/// or, when their first bytes are gzip's (1F 8B, whatever the name), decompressed and checked to their end, so a
/// compressed file cut short is an error and never a shorter file.
/// </summary>
internal static class EventInput
{
    /// <summary>Opens an event file as the commands read it: sequentially, asynchronously, with no buffer of its own (the door reads in blocks).</summary>
    public static Stream OpenFile(string path)
    {
        var file = new FileStream(path, new FileStreamOptions { Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.SequentialScan | FileOptions.Asynchronous, BufferSize = 0 });
        try
        {
            return Decoded(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Standard input, decompressed when it is gzip.</summary>
    public static Stream OpenStandardInput() => Decoded(Console.OpenStandardInput());

    // The stream as its content is read: gzip is decompressed, anything else passes as it is. The first two bytes are
    // looked at and given back (a file is rewound; standard input cannot be, so they are read again from a prefix).
    private static Stream Decoded(Stream raw)
    {
        var head = new byte[2];
        var read = raw.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        Stream content;
        if (raw.CanSeek)
        {
            raw.Seek(0, SeekOrigin.Begin);
            content = raw;
        }
        else
        {
            content = new PrefixedStream(head.AsMemory(0, read), raw);
        }

        return read == 2 && IsGzip(head) ? CompressedContent.Open(content, "gzip") : content;
    }

    private static bool IsGzip(ReadOnlySpan<byte> head) => head[0] == 0x1F && head[1] == 0x8B;
}
