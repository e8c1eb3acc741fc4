namespace Tributary.Storage;

/// <summary>One page of a store's events by event time, and how many events the whole listing has.</summary>
/// <param name="Events">The page's events, in the listing's order.</param>
/// <param name="TotalCount">How many events lie in the listing's time range, across every page.</param>
public sealed record EventPage(IReadOnlyList<StoredEvent> Events, long TotalCount);
