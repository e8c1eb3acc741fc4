namespace Tributary.Json;

/// <summary>How strictly events are read.</summary>
public sealed record LineageReadOptions
{
    /// <summary>The default: lenient where real producers are sloppy, strict where meaning would be lost.</summary>
    public static LineageReadOptions Default { get; } = new();

    /// <summary>Reads expectation fragments (integration tests' partial events): required fields may be missing.</summary>
    public static LineageReadOptions PartialEvents { get; } = new() { AllowPartial = true };

    /// <summary>
    /// What the ingest door (and <c>tributary validate</c>) reads with: <see cref="Default"/>, and only standard JSON
    /// (<see cref="RequireStandardJson"/>), so that everything stored reads back anywhere.
    /// </summary>
    public static LineageReadOptions Strict { get; } = new() { RequireStandardJson = true };

    /// <summary>
    /// When true, missing required fields (<c>eventTime</c>, <c>producer</c>, <c>run.runId</c>, names, ...) are
    /// accepted and left at default values. Off by default, because an event without them cannot be placed in lineage.
    /// </summary>
    public bool AllowPartial { get; init; }

    /// <summary>
    /// When true, content that is not standard JSON (RFC 8259) is rejected with its JSON path and position: a byte
    /// order mark, comments, trailing commas, invalid UTF-8 and lone UTF-16 surrogate escapes such as <c>\ud800</c>.
    /// Off by default, so events stored by older versions, which let some of these in, still read.
    /// </summary>
    public bool RequireStandardJson { get; init; }
}
