namespace Tributary.Model.Facets;

/// <summary>
/// The <c>columnLineage</c> dataset facet on an output: for each output field, the input fields it was computed
/// from and how; plus the inputs that affect the whole dataset (filters, joins, grouping, ...).
/// </summary>
public sealed record ColumnLineageDatasetFacet : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>columnLineage</c>.</summary>
    public const string Key = "columnLineage";

    /// <summary>Output field name → its lineage, in the order received.</summary>
    public IReadOnlyList<ColumnLineageField> Fields { get; init; } = [];

    /// <summary>Input fields that affect the whole output dataset rather than one column (the facet's <c>dataset</c> list).</summary>
    public IReadOnlyList<InputField> Dataset { get; init; } = [];
}

/// <summary>The lineage of one output field.</summary>
/// <param name="Name">The output field name.</param>
/// <param name="InputFields">The input fields it depends on.</param>
public sealed record ColumnLineageField(string Name, IReadOnlyList<InputField> InputFields)
{
    /// <summary>The deprecated field-level <c>transformationDescription</c> of older producers, or null.</summary>
    public string? TransformationDescription { get; init; }

    /// <summary>The deprecated field-level <c>transformationType</c> (IDENTITY or MASKED) of older producers, or null.</summary>
    public string? TransformationType { get; init; }
}

/// <summary>A dependency on one input field, with the transformations that relate it to the output.</summary>
/// <param name="Namespace">The input dataset namespace.</param>
/// <param name="Name">The input dataset name.</param>
/// <param name="Field">The input field name.</param>
public sealed record InputField(string Namespace, string Name, string Field)
{
    /// <summary>The transformations applied; empty when the producer gave none.</summary>
    public IReadOnlyList<Transformation> Transformations { get; init; } = [];

    /// <summary>The input field as an id.</summary>
    public FieldId Id => new(new DatasetId(Namespace, Name), Field);
}

/// <summary>One transformation between an input field and an output field.</summary>
/// <param name="Type">DIRECT (the value flows) or INDIRECT (it affects which rows or how).</param>
/// <param name="Subtype">IDENTITY, TRANSFORMATION, AGGREGATION for DIRECT; JOIN, FILTER, GROUP_BY, SORT, WINDOW, CONDITIONAL for INDIRECT; or null.</param>
/// <param name="Description">A textual description of the transformation, or null.</param>
/// <param name="Masking">True when the transformation masks the data (a hash of PII, for example).</param>
public sealed record Transformation(string Type, string? Subtype = null, string? Description = null, bool? Masking = null)
{
    /// <summary>DIRECT/IDENTITY: the value is copied unchanged.</summary>
    public static Transformation Identity { get; } = new("DIRECT", "IDENTITY");

    /// <summary>True when <see cref="Masking"/> is set to true.</summary>
    public bool IsMasking => Masking == true;
}
