using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tributary.Json;

/// <summary>
/// JSON written many times over on one thread (an event's canonical form for its digest; the lake's attributes,
/// transformations and dataset lists, one per row): one buffer and writer per thread and escaping, reset for each
/// value, instead of a new stream and writer each time.
/// </summary>
internal static class JsonText
{
    // A buffer grown past this by an unusually large value (a wide SQL statement) is let go, not kept by the thread.
    private const int MaxKeptBytes = 1 << 20;

    // The event writer's escaping: non-ASCII text is written as it is.
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static Slot? t_standard;

    [ThreadStatic]
    private static Slot? t_relaxed;

    /// <summary>The text <paramref name="write"/> writes (one JSON value, compact, with the default escaping).</summary>
    public static string Write(Action<Utf8JsonWriter> write) =>
        Encoding.UTF8.GetString(Utf8(write, static (writer, write) => write(writer), relaxedEscaping: false));

    /// <summary>
    /// The UTF-8 that <paramref name="write"/> writes of <paramref name="state"/>, in the calling thread's buffer: valid
    /// until the thread's next call. A value written while writing another gets a buffer of its own.
    /// </summary>
    public static ReadOnlySpan<byte> Utf8<TState>(TState state, Action<Utf8JsonWriter, TState> write, bool relaxedEscaping)
    {
        var kept = relaxedEscaping ? t_relaxed : t_standard;
        var slot = kept is { Busy: false } ? kept : new Slot(relaxedEscaping ? Relaxed : default);
        if (kept is null)
        {
            Keep(slot, relaxedEscaping);
        }

        slot.Buffer.ResetWrittenCount();
        slot.Writer.Reset(slot.Buffer);
        slot.Busy = true;
        try
        {
            write(slot.Writer, state);
            slot.Writer.Flush();
            return slot.Buffer.WrittenSpan;
        }
        finally
        {
            slot.Busy = false;
            if (slot.Buffer.Capacity > MaxKeptBytes && ReferenceEquals(slot, relaxedEscaping ? t_relaxed : t_standard))
            {
                Keep(null, relaxedEscaping);
            }
        }
    }

    private static void Keep(Slot? slot, bool relaxedEscaping)
    {
        if (relaxedEscaping)
        {
            t_relaxed = slot;
        }
        else
        {
            t_standard = slot;
        }
    }

    private sealed class Slot
    {
        public Slot(JsonWriterOptions options)
        {
            Buffer = new ArrayBufferWriter<byte>(4096);
            Writer = new Utf8JsonWriter(Buffer, options);
        }

        public ArrayBufferWriter<byte> Buffer { get; }

        public Utf8JsonWriter Writer { get; }

        public bool Busy { get; set; }
    }
}
