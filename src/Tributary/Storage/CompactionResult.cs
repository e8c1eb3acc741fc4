namespace Tributary.Storage;

/// <summary>What one compaction of an <see cref="EmbeddedLineageStore"/> did.</summary>
/// <param name="Appended">Events appended to the lake.</param>
/// <param name="Expired">Raw events older than the retention period removed from the lake.</param>
/// <param name="DroppedFromLog">Events whose log segments were deleted because the lake holds them.</param>
/// <param name="LakeThrough">The last sequence the lake now holds.</param>
public sealed record CompactionResult(long Appended, long Expired, long DroppedFromLog, long LakeThrough);
