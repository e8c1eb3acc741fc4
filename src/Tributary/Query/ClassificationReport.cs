namespace Tributary.Query;

/// <summary>Every tag on datasets and fields, put there or propagated, and where propagation stopped.</summary>
/// <param name="Classifications">Tags put on nodes and tags propagated to them, sorted by node, then tag, then origin.</param>
/// <param name="Stops">Where propagation stopped (masking or a block), sorted the same way.</param>
/// <param name="Partial">True when a walk reached its node budget, so some propagation may be missing.</param>
public sealed record ClassificationReport(IReadOnlyList<Classification> Classifications, IReadOnlyList<ClassificationStop> Stops, bool Partial);
