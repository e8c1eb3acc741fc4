using System.Text.Json;

namespace Tributary.Model;

/// <summary>
/// An OpenLineage event: the fact everything in Tributary is projected from. It is a <see cref="RunEvent"/>
/// (a run changed state), a <see cref="DatasetEvent"/> or a <see cref="JobEvent"/> (static metadata).
/// </summary>
public abstract record LineageEvent
{
    /// <summary>The OpenLineage spec version Tributary writes: 2-0-2.</summary>
    public const string CurrentSchemaUrl = "https://openlineage.io/spec/2-0-2/OpenLineage.json";

    private readonly DateTimeOffset _eventTime;
    private string? _eventTimeText;

    /// <summary>When the event happened.</summary>
    public required DateTimeOffset EventTime
    {
        get => _eventTime;
        init
        {
            _eventTime = value;
            _eventTimeText = null;
        }
    }

    /// <summary>The URI of the code that produced the event, for example a git URL with a tag.</summary>
    public required string Producer { get; init; }

    /// <summary>The JSON schema URL of the event; null when a lenient reader accepted an event without one.</summary>
    public string? SchemaUrl { get; init; } = CurrentSchemaUrl;

    /// <summary>Top-level properties the spec does not define, kept so nothing a producer sent is lost.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> AdditionalProperties { get; init; } = [];

    // The event time exactly as received, so a read event writes back byte-for-byte equal; cleared when EventTime changes.
    internal string? EventTimeText
    {
        get => _eventTimeText;
        init => _eventTimeText = value;
    }
}
