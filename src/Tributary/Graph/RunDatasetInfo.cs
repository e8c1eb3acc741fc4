using Tributary.Model;

namespace Tributary.Graph;

/// <summary>A dataset a run read or wrote, with the rows and bytes it reported (statistics facets).</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="RowCount">Rows read or written, or null when not reported.</param>
/// <param name="Bytes">Bytes read or written, or null when not reported.</param>
public sealed record RunDatasetInfo(DatasetId Dataset, long? RowCount, long? Bytes);
