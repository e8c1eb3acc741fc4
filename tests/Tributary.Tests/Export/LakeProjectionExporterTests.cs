using System.Text.Json;
using Tributary.Export;
using Tributary.Graph;
using Tributary.Model;
using Tributary.Storage;
using Tributary.Storage.Lake;
using Tributary.Storage.Parquet;
using Tributary.Tests.Storage;

namespace Tributary.Tests.Export;

public sealed class LakeProjectionExporterTests
{
    [Fact]
    public async Task The_lake_tables_written_through_the_exporter_are_what_the_graph_says()
    {
        using var folder = new TempFolder();
        var events = ExportEvents.Retail();
        using var graph = LineageGraph.From(events);
        var store = new InMemoryLineageStore();
        foreach (var e in events)
        {
            await store.AppendAsync(e);
        }

        var lake = new LineageMetadataRepository(folder.Path);
        await lake.CompactAsync(store, new LakeProjectionExporter(graph));

        Assert.Equal(store.Count, lake.ProjectedThrough);
        Assert.Equal(
            graph.GetRuns().Select(Operation).Order(StringComparer.Ordinal),
            lake.ReadOperations(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Select(Operation).Order(StringComparer.Ordinal));
        Assert.Equal(ExpectedNodes(graph).Order(StringComparer.Ordinal), NodeColumns(folder.Path).Order(StringComparer.Ordinal));
        Assert.Equal(ExpectedAttributes(graph).Order(StringComparer.Ordinal), lake.ReadNodes().Select(Attributes).Order(StringComparer.Ordinal));
        Assert.Contains(lake.ReadNodes(), n => n.Attributes.Contains("team:finance", StringComparison.Ordinal));

        var edges = lake.ReadRelationships();
        Assert.Equal(graph.GetEdges().Select(Relationship).Order(StringComparer.Ordinal), edges.Select(Relationship).Order(StringComparer.Ordinal));
        Assert.Contains(edges, e => e.IsMasking);
    }

    [Fact]
    public void The_exporter_refuses_a_missing_graph() =>
        Assert.Throws<ArgumentNullException>(() => new LakeProjectionExporter(null!));

    private static string Operation(RunInfo run) => Line(
        run.Id, run.Job, Utc(run.StartedAt), run.OperationType, run.State, Utc(run.EndedAt), (long?)run.Duration?.TotalMilliseconds,
        string.Join(" ", run.Inputs.Select(d => Line(d.Dataset, d.RowCount, d.Bytes))),
        string.Join(" ", run.Outputs.Select(d => Line(d.Dataset, d.RowCount, d.Bytes))),
        run.Inputs.Any(d => d.RowCount is not null) ? run.Inputs.Sum(d => d.RowCount) : null,
        run.Outputs.Any(d => d.RowCount is not null) ? run.Outputs.Sum(d => d.RowCount) : null,
        run.ErrorMessage, run.ParentRun);

    private static string Operation(LakeOperation row) => Line(
        row.Run, row.Job, Utc(row.StartedAt), row.OperationType, row.State, Utc(row.EndedAt), row.DurationMs,
        string.Join(" ", row.Inputs.Select(d => Line(d.Dataset, d.RowCount, d.Bytes))),
        string.Join(" ", row.Outputs.Select(d => Line(d.Dataset, d.RowCount, d.Bytes))),
        row.InputRows, row.OutputRows, row.ErrorMessage, row.ParentRun);

    // Every column of lineage_nodes except attributes, as the graph describes each dataset, field and job.
    private static IEnumerable<string> ExpectedNodes(LineageGraph graph)
    {
        foreach (var dataset in graph.GetDatasets())
        {
            yield return Line(dataset.Node, "dataset", dataset.Id.Namespace, dataset.Id.Name, null, dataset.Type, dataset.Description, Utc(dataset.FirstSeen), Utc(dataset.LastSeen));
            foreach (var field in dataset.Fields)
            {
                yield return Line(field.Node, "datasetField", dataset.Id.Namespace, dataset.Id.Name, field.Id.Name, field.Type, null, null, null);
            }
        }

        foreach (var job in graph.GetJobs())
        {
            yield return Line(job.Node, "job", job.Id.Namespace, job.Id.Name, null, job.JobType, job.Description, Utc(job.FirstSeen), Utc(job.LastSeen));
        }
    }

    // Read with the codec rather than ReadNodes, which parses only the node id: the other columns are what SQL users query.
    private static IEnumerable<string> NodeColumns(string root)
    {
        using var reader = ParquetReader.Open(Path.Combine(root, "lineage_nodes", "nodes.parquet"));
        foreach (var c in reader.ReadAll())
        {
            for (var r = 0; r < c[0].Count; r++)
            {
                yield return Line(c[0].GetString(r), c[1].GetString(r), c[2].GetString(r), c[3].GetString(r), c[4].GetString(r),
                    c[5].GetString(r), c[6].GetString(r), Utc(c[7].GetTimestamp(r)), Utc(c[8].GetTimestamp(r)));
            }
        }
    }

    // The owners, tags and counts the attributes JSON must carry for each node.
    private static IEnumerable<string> ExpectedAttributes(LineageGraph graph)
    {
        foreach (var dataset in graph.GetDatasets())
        {
            yield return Line(dataset.Node, string.Join(",", dataset.Owners.Select(o => o.Name)), string.Join(",", dataset.Tags.Select(t => t.Key + "=" + t.Value)), dataset.VersionCount);
            foreach (var field in dataset.Fields)
            {
                yield return Line(field.Node, "", string.Join(",", field.Tags.Select(t => t.Key + "=" + t.Value)), null);
            }
        }

        foreach (var job in graph.GetJobs())
        {
            yield return Line(job.Node, string.Join(",", job.Owners.Select(o => o.Name)), string.Join(",", job.Tags.Select(t => t.Key + "=" + t.Value)), job.RunCount);
        }
    }

    private static string Attributes(LakeNode node)
    {
        using var json = JsonDocument.Parse(node.Attributes);
        var root = json.RootElement;
        var count = root.TryGetProperty("versionCount", out var versions) ? versions.GetInt32()
            : root.TryGetProperty("runCount", out var runs) ? runs.GetInt32() : (int?)null;
        return Line(node.Node,
            string.Join(",", root.GetProperty("owners").EnumerateArray().Select(o => o.GetProperty("name").GetString())),
            string.Join(",", root.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("key").GetString() + "=" + t.GetProperty("value").GetString())),
            count);
    }

    private static string Relationship(LineageEdge edge) => Line(
        edge.From, edge.To, edge.Kind, Utc(edge.FirstSeen), Utc(edge.LastSeen), edge.IsMasking,
        string.Join(" ", edge.Transformations.Select(t => Line(t.Type, t.Subtype, t.Description, t.Masking))));

    private static string Relationship(LakeRelationship row)
    {
        using var json = JsonDocument.Parse(row.Transformations);
        return Line(row.From, row.To, row.Kind, Utc(row.FirstSeen), Utc(row.LastSeen), row.IsMasking,
            string.Join(" ", json.RootElement.EnumerateArray().Select(t => Line(
                t.GetProperty("type").GetString(),
                t.TryGetProperty("subtype", out var subtype) ? subtype.GetString() : null,
                t.TryGetProperty("description", out var description) ? description.GetString() : null,
                t.TryGetProperty("masking", out var masking) ? masking.GetBoolean() : null))));
    }

    // The lake keeps times in microseconds, UTC; the fixture's times are whole seconds, so nothing is lost.
    private static DateTimeOffset? Utc(DateTimeOffset? time) => time?.ToUniversalTime();

    private static string Line(params object?[] values) =>
        string.Join("|", values.Select(v => v switch { null => "∅", IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture), _ => v.ToString() }));
}
