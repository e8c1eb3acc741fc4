using Tributary.Model;
using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

/// <summary>Trackers over an in-memory transport and a manual clock, and the datasets and jobs the tests use.</summary>
internal static class Trackers
{
    public static readonly DateTimeOffset Start = new(2024, 1, 15, 9, 30, 0, TimeSpan.Zero);

    public static readonly JobId Job = new("trading", "daily_bars");

    public static readonly DatasetId Orders = new("postgres://db:5432", "public.orders");

    public static readonly DatasetId Prices = new("postgres://db:5432", "public.prices");

    public static readonly DatasetId Report = new("s3://reports", "daily/summary.parquet");

    public static LineageTracker InMemory(out InMemoryTransport transport, ManualTimeProvider? clock = null, TrackerOptions? options = null)
    {
        transport = new InMemoryTransport();
        var template = options ?? new TrackerOptions();
        return LineageTracker.Create(new TrackerOptions
        {
            Transport = transport,
            TimeProvider = clock ?? new ManualTimeProvider(Start),
            Namespace = template.Namespace,
            DatasetNamespace = template.DatasetNamespace,
            EnabledOperationTypes = template.EnabledOperationTypes,
            RepositorySettings = template.RepositorySettings,
            TrackRepositoryOperations = template.TrackRepositoryOperations,
            ThrowOnFailure = template.ThrowOnFailure,
            OnFailure = template.OnFailure ?? (_ => { }),
        });
    }

    public static async Task<IReadOnlyList<RunEvent>> RunEventsAsync(this LineageTracker tracker, InMemoryTransport transport)
    {
        await tracker.FlushAsync();
        return transport.RunEvents;
    }
}
