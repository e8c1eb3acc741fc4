using Tributary.Model;

namespace Tributary.Storage.Lake;

/// <summary>A dataset a run read or wrote, as kept in the <c>inputs</c> and <c>outputs</c> columns of <c>lineage_operations</c>.</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="RowCount">Rows read or written, or null when not reported.</param>
/// <param name="Bytes">Bytes read or written, or null when not reported.</param>
public sealed record LakeRunDataset(DatasetId Dataset, long? RowCount, long? Bytes);
