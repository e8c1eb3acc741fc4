using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Tributary.Json;

/// <summary>
/// Small JSON values written as strings (the lake's attributes, transformations and dataset lists, one per row):
/// one buffer and writer per thread, reset for each value. A new stream and writer for each row were a third of what
/// the lake's projection tables allocated.
/// </summary>
internal static class JsonText
{
    // A buffer grown past this by an unusually large value is let go rather than kept by the thread.
    private const int MaxKeptBytes = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static bool t_busy;

    /// <summary>The text <paramref name="write"/> writes (one JSON value, written compactly).</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        if (t_busy)
        {
            // A value written while writing another gets a writer of its own.
            var own = new ArrayBufferWriter<byte>();
            using (var ownWriter = new Utf8JsonWriter(own))
            {
                write(ownWriter);
            }

            return Encoding.UTF8.GetString(own.WrittenSpan);
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        t_busy = true;
        try
        {
            write(writer);
            writer.Flush();
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            t_busy = false;
            if (buffer.Capacity > MaxKeptBytes)
            {
                (t_buffer, t_writer) = (null, null);
            }
        }
    }
}
