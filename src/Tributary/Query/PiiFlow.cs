using Tributary.Model;

namespace Tributary.Query;

/// <summary>Where the personal data of one field flows through column lineage; a masking transformation stops it.</summary>
/// <param name="Source">The personal-data field.</param>
/// <param name="Fields">Fields the data reaches unmasked, sorted.</param>
/// <param name="Datasets">Datasets holding those fields, sorted.</param>
/// <param name="MaskedAt">Fields the data reaches only through a masking transformation (where the flow stops), sorted.</param>
/// <param name="Partial">True when the node budget cut this flow short.</param>
public sealed record PiiFlow(FieldId Source, IReadOnlyList<FieldId> Fields, IReadOnlyList<DatasetId> Datasets, IReadOnlyList<FieldId> MaskedAt, bool Partial);
