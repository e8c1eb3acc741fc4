using Tributary.Storage;

namespace Tributary.Server.Load;

/// <summary>Compares what a store holds with what a load test was told was acknowledged.</summary>
internal static class StoreCheck
{
    /// <summary>Reads the run id of every event in a (closed) store, opening it read-only.</summary>
    public static async Task<HashSet<Guid>> RunIdsAsync(string storeDirectory, CancellationToken cancellationToken = default)
    {
        await using var store = EmbeddedLineageStore.Open(storeDirectory, new FileLineageStoreOptions { ReadOnly = true });
        var ids = new HashSet<Guid>();
        await foreach (var stored in store.ReadAsync(cancellationToken: cancellationToken))
        {
            if (EventTemplates.RunIdOf(stored.Raw.Span) is { } id)
            {
                ids.Add(id);
            }
        }

        return ids;
    }
}
