namespace Tributary.Model;

/// <summary>What a node of the lineage graph stands for.</summary>
public enum NodeKind
{
    /// <summary>A dataset (table, file, topic, ...).</summary>
    Dataset,

    /// <summary>A job: the definition of work that reads and writes datasets.</summary>
    Job,

    /// <summary>A field (column) of a dataset.</summary>
    DatasetField,

    /// <summary>One execution of a job.</summary>
    Run,
}
