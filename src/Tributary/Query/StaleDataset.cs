using Tributary.Model;

namespace Tributary.Query;

/// <summary>A dataset not written within the freshness threshold.</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="LastWritten">When a run last wrote it, or null when no run ever did (only read, or declared).</param>
/// <param name="LastSeen">When any event last mentioned it.</param>
/// <param name="Age">How long ago it was last written (or, if never, last seen).</param>
public sealed record StaleDataset(DatasetId Dataset, DateTimeOffset? LastWritten, DateTimeOffset LastSeen, TimeSpan Age);
