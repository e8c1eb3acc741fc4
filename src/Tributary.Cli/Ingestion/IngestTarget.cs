using Tributary.Ingest;
using Tributary.Model;
using Tributary.Server.Hosting;
using Tributary.Storage;

namespace Tributary.Cli.Ingestion;

/// <summary>
/// Where <c>tributary ingest</c> and <c>tributary import</c> send events: the store itself (log and lake, so
/// duplicates of compacted events are recognised), or, when a running server holds the store or <c>--server</c>
/// names one, that server's collector. Both give the same accepted / duplicates / rejected summary.
/// </summary>
internal abstract class IngestTarget : IAsyncDisposable
{
    /// <summary>The environment variable read when <c>--api-key</c> is not given: <c>TRIBUTARY_API_KEY</c>.</summary>
    public const string ApiKeyVariable = "TRIBUTARY_API_KEY";

    /// <summary>Where the events went, for the summary line, such as <c>into /data/lineage</c>.</summary>
    public abstract string Destination { get; }

    /// <summary>
    /// Ingests every event of a file's content (one JSON object, a JSON array or NDJSON), read as it goes so a long file is never held whole; <paramref name="progress"/>
    /// gets the bytes of each event settled. Inputs ingested at the same time are stored in the order of their
    /// <paramref name="turn"/>s when the store is this process's; a server stores them as they arrive.
    /// </summary>
    public abstract Task<IngestSummary> IngestManyAsync(Stream content, Action<int>? progress, IngestTurn? turn, CancellationToken cancellationToken);

    /// <summary>Ingests events built in code; each rejected result's <see cref="IngestResult.Index"/> is its position in <paramref name="events"/>.</summary>
    public abstract Task<IngestSummary> IngestAsync(IReadOnlyList<LineageEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// What ingesting noticed besides rejections (a runId another job already used). Empty through a server, which
    /// logs its own.
    /// </summary>
    public abstract IReadOnlyList<string> Warnings { get; }

    /// <summary>Says how many bytes of events the inputs hold (when known), so a store's graph can take room for them at once.</summary>
    public virtual void ExpectBytes(long bytes)
    {
    }

    /// <summary>New events stored since the target opened, for an interrupted ingest's message; null when only the server knows.</summary>
    public virtual long? StoredSinceOpened => null;

    /// <summary>Finishes after the last event: the store's graph checkpoint is brought up to date, unless only a short tail of events was added, which the next query replays.</summary>
    public abstract Task CompleteAsync(CancellationToken cancellationToken);

    /// <summary>Closes the store or the HTTP client.</summary>
    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// Opens the target: the server at <paramref name="server"/> when given; otherwise the store in
    /// <paramref name="storeDirectory"/>, or, when another process holds its lock, the server recorded in its
    /// <c>server.json</c>. A locked store with no running server is a <see cref="CliException"/> saying what to do.
    /// <paramref name="deriveSqlLineage"/> false: the store's graph gets no column lineage derived from SQL (a server
    /// follows its own setting, <c>Tributary:DeriveColumnLineageFromSql</c>).
    /// </summary>
    public static async Task<IngestTarget> OpenAsync(string storeDirectory, string? server, string? apiKey, CancellationToken cancellationToken, bool deriveSqlLineage = true)
    {
        apiKey = apiKey is { Length: > 0 } ? apiKey : Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        if (server is not null)
        {
            return ServerIngestTarget.Create(server, apiKey, storeDirectory: null);
        }

        CommonOptions.RequireNotAFile(storeDirectory);
        var directory = Path.GetFullPath(storeDirectory);
        EmbeddedLineageStore store;
        try
        {
            store = EmbeddedLineageStore.Open(directory);
        }
        catch (StoreLockedException)
        {
            if (ServerRegistration.FindRunning(directory) is { } running)
            {
                return ServerIngestTarget.Create(running.Url, apiKey, directory);
            }

            throw new CliException(
                $"the store {directory} is in use by another process (an ingest, a compaction, or a server that recorded no address in {ServerRegistration.FileName}); " +
                "wait for it to finish or stop it and run this again, or send the events to the server holding the store with --server http://HOST:PORT");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ex.Message);
        }

        try
        {
            return await StoreIngestTarget.OpenAsync(store, deriveSqlLineage, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // Reading what the store holds (its digests, its graph) found damage or could not read a file.
            await store.DisposeAsync();
            throw new CliException(ex.Message);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }
}
