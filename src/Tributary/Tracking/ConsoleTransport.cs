using Tributary.Json;
using Tributary.Model;

namespace Tributary.Tracking;

/// <summary>
/// Writes each event as one line of JSON (NDJSON) to a text writer, by default standard output: the transport
/// OpenLineage clients fall back to when nothing else is configured, handy for demos and debugging.
/// </summary>
public sealed class ConsoleTransport : ILineageTransport
{
    private readonly TextWriter? _writer;
    private readonly Lock _lock = new();

    /// <summary>Creates a transport writing to <paramref name="writer"/>; default (null): the current <see cref="Console.Out"/>.</summary>
    public ConsoleTransport(TextWriter? writer = null)
    {
        _writer = writer;
    }

    /// <summary>Writes the event as one JSON line and flushes the writer.</summary>
    public ValueTask SendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lineageEvent);
        var line = LineageJson.Serialize(lineageEvent);
        var writer = _writer ?? Console.Out;
        lock (_lock)
        {
            writer.Write(line);
            writer.Write('\n');
            writer.Flush();
        }

        return default;
    }
}
