namespace Tributary.Graph;

/// <summary>What an edge of the lineage graph means.</summary>
public enum EdgeKind : byte
{
    /// <summary>A job reads a dataset: dataset → job.</summary>
    Read,

    /// <summary>A job writes a dataset: job → dataset.</summary>
    Write,

    /// <summary>An output field is computed from an input field: field → field, with its transformations.</summary>
    ColumnLineage,

    /// <summary>An input field affects a whole output dataset (INDIRECT, the column-lineage facet's <c>dataset</c> list): field → dataset.</summary>
    DatasetColumnLineage,

    /// <summary>A run executes a job: run → job.</summary>
    RunOf,
}
