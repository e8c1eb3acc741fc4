namespace Tributary.Ingest;

/// <summary>What ingest did with one event.</summary>
public enum IngestOutcome
{
    /// <summary>The event was new; it is now durable in the store and was passed to every listener.</summary>
    Accepted,

    /// <summary>The same event was already stored; nothing changed.</summary>
    Duplicate,

    /// <summary>The event is not valid; nothing changed, and the errors say what and where.</summary>
    Rejected,
}
