namespace Tributary.Json;

/// <summary>How strictly events are read.</summary>
public sealed record LineageReadOptions
{
    /// <summary>The default: lenient where real producers are sloppy, strict where meaning would be lost.</summary>
    public static LineageReadOptions Default { get; } = new();

    /// <summary>Reads expectation fragments (integration tests' partial events): required fields may be missing.</summary>
    public static LineageReadOptions PartialEvents { get; } = new() { AllowPartial = true };

    /// <summary>
    /// When true, missing required fields (<c>eventTime</c>, <c>producer</c>, <c>run.runId</c>, names, ...) are
    /// accepted and left at default values. Off by default, because an event without them cannot be placed in lineage.
    /// </summary>
    public bool AllowPartial { get; init; }
}
