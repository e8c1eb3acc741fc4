using Tributary.Model;

namespace Tributary.Tracking;

/// <summary>An input or output of a run scope: its id, the dataset the caller gave (with facets), and a record count.</summary>
internal struct DatasetEntry
{
    public DatasetEntry(DatasetId id, Dataset? dataset, long recordCount)
    {
        Id = id;
        Dataset = dataset;
        RecordCount = recordCount;
    }

    public DatasetId Id { get; }

    /// <summary>The dataset with facets when the caller gave one; null when only an id was given.</summary>
    public Dataset? Dataset { get; set; }

    /// <summary>The number of records read or written; negative when unknown.</summary>
    public long RecordCount { get; set; }
}
