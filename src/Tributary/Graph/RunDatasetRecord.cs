namespace Tributary.Graph;

// A dataset a run read or wrote, with the statistics the run reported for it; a struct kept inline in the run's array.
internal struct RunDatasetRecord(int dataset, bool output)
{
    public readonly int Dataset => dataset;

    public readonly bool Output => output;

    // When the row count and size were last reported, so the newest report wins whatever the arrival order.
    public Stamp StatisticsAt;

    public DatasetStatistics Statistics;
}
