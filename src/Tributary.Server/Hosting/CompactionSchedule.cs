namespace Tributary.Server.Hosting;

/// <summary>What the server's periodic compaction does at one of its checks.</summary>
internal enum CompactionStep
{
    /// <summary>Nothing yet.</summary>
    None,

    /// <summary>Append the logged events to the lake and drop the log segments it then covers; the projection tables wait.</summary>
    Events,

    /// <summary>Append the events and rewrite the projection tables (operations, nodes, relationships) from the whole graph.</summary>
    EventsAndProjections,
}

/// <summary>
/// When the server compacts, and how much. Appending events costs what the new events cost; rewriting the projection
/// tables costs the whole graph (about 12 s of a core for a 743,000-event store), so while events keep arriving the
/// count-triggered compaction only appends them (the log stays short), and the projections are rewritten at most every
/// <see cref="ServerOptions.CompactEveryMinutes"/> minutes, or as soon as ingest goes quiet after events went in without them.
/// </summary>
internal static class CompactionSchedule
{
    /// <summary>
    /// The step due now. <paramref name="pending"/>: events logged since the last compaction; <paramref name="quiet"/>:
    /// none arrived since the previous check; <paramref name="sinceProjection"/>: time since the projection tables were
    /// last written (or since the server started); <paramref name="projectionBehind"/>: events were appended since then.
    /// </summary>
    public static CompactionStep Next(ServerOptions options, long pending, bool quiet, TimeSpan sinceProjection, bool projectionBehind)
    {
        var interval = TimeSpan.FromMinutes(options.CompactEveryMinutes);
        var changed = pending > 0 || projectionBehind;
        if (changed && options.CompactEveryMinutes > 0 && sinceProjection >= interval)
        {
            return CompactionStep.EventsAndProjections;
        }

        if (options.CompactEveryEvents > 0 && pending >= options.CompactEveryEvents)
        {
            // Without a timed cadence there is no later moment promised to the projections: they go with the events.
            return quiet || options.CompactEveryMinutes <= 0 ? CompactionStep.EventsAndProjections : CompactionStep.Events;
        }

        return quiet && projectionBehind ? CompactionStep.EventsAndProjections : CompactionStep.None;
    }
}
