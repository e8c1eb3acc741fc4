using Tributary.Model;

namespace Tributary.Query;

/// <summary>Personal data in the graph: where it is, where it flows, and everything it reaches.</summary>
/// <param name="PiiFields">Fields holding personal data, sorted.</param>
/// <param name="Flows">One flow per personal-data field, sorted by source.</param>
/// <param name="AffectedFields">Every field personal data reaches unmasked (sources included), sorted.</param>
/// <param name="AffectedDatasets">Every dataset holding such a field, sorted.</param>
/// <param name="Partial">True when a node budget cut some flow short.</param>
public sealed record PiiReport(
    IReadOnlyList<PiiField> PiiFields,
    IReadOnlyList<PiiFlow> Flows,
    IReadOnlyList<FieldId> AffectedFields,
    IReadOnlyList<DatasetId> AffectedDatasets,
    bool Partial);
