using Tributary.Graph;
using Tributary.Model;
using Tributary.Query;
using Tributary.Storage;

namespace Tributary.Cli;

/// <summary>
/// A store opened for reading and projected into the in-memory graph that every query command asks. Events (the
/// lake's, then the log's tail) are parsed in parallel batches and applied in store order, so the graph is the same as the one a server builds.
/// </summary>
internal sealed class LineageSession
{
    private LineageSession(string directory, LineageGraph graph, long events)
    {
        Directory = directory;
        Graph = graph;
        Engine = new LineageQueryEngine(graph);
        Events = events;
    }

    public string Directory { get; }

    public LineageGraph Graph { get; }

    public LineageQueryEngine Engine { get; }

    public long Events { get; }

    public static async Task<LineageSession> OpenAsync(string directory, CancellationToken cancellationToken)
    {
        if (!System.IO.Directory.Exists(Path.Combine(directory, "events")))
        {
            throw new CliException($"no lineage store at '{Path.GetFullPath(directory)}'; create one with `tributary ingest <files> --store {directory}` or `tributary demo --out {directory}`");
        }

        // The lake (lake/) holds what compaction moved out of the log; the graph is rebuilt from it plus the log's tail.
        await using var store = EmbeddedLineageStore.Open(directory, new FileLineageStoreOptions { ReadOnly = true });
        var graph = new LineageGraph();
        var count = await store.LoadGraphAsync(graph, cancellationToken);
        return new LineageSession(directory, graph, count);
    }

    /// <summary>Resolves a NodeId or a unique dataset, job or field name; an unknown or ambiguous name is a <see cref="CliException"/>.</summary>
    public NodeId Resolve(string text)
    {
        var resolution = Engine.Resolve(text);
        if (resolution.Node is { } node)
        {
            return node;
        }

        if (resolution.IsAmbiguous)
        {
            throw new CliException($"'{text}' is ambiguous; use one of: {string.Join(", ", resolution.Candidates.Select(c => c.ToString()))}");
        }

        throw new CliException($"no node named '{text}' in {Path.GetFullPath(Directory)}; try `tributary find` to list datasets and jobs");
    }
}
