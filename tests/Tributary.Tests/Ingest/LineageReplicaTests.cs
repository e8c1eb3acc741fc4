using System.Text;
using System.Text.Json;
using Tributary.Export;
using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Model;
using Tributary.Storage;
using Tributary.Tests.Export;
using Tributary.Tests.Support;

namespace Tributary.Tests.Ingest;

public sealed class LineageReplicaTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tributary-replica-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    // Every concrete event of the shared corpus, each as its own raw JSON, in file order.
    public static List<byte[]> CorpusEvents() => Corpus();

    public static string AnswersOf(LineageGraph graph) => Answers(graph);

    private static List<byte[]> Corpus()
    {
        var root = TestData.PathOf([]);
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(root, "openlineage", "events", "index.json")));
        var files = index.RootElement.EnumerateArray()
            .Where(e => e.GetProperty("status").GetString() is "concrete" or "concrete-legacy")
            .Select(e => Path.Combine([root, .. e.GetProperty("path").GetString()!.Split('/')]))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)
            .Append(TestData.PathOf("marquez", "seed", "metadata.json"));
        var events = new List<byte[]>();
        foreach (var file in files)
        {
            foreach (var read in LineageJson.ReadMany(File.ReadAllBytes(file)))
            {
                if (read.Event is not null)
                {
                    events.Add(read.Raw.ToArray());
                }
            }
        }

        return events;
    }

    private static async Task<LineageGraph> IngestAsync(IEnumerable<byte[]> events, List<string>? warnings = null)
    {
        var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);
        var replica = await LineageReplica.OpenAsync(store, new LineageReplicaOptions { OnWarning = warnings is null ? null : warnings.Add });
        await replica.FollowAsync(ingestor);
        foreach (var raw in events)
        {
            await ingestor.IngestAsync(raw);
        }

        return replica.Graph;
    }

    // Every export of the whole graph, and the upstream and impact of every dataset, as one text.
    private static string Answers(LineageGraph graph)
    {
        var visualizer = new LineageVisualizer(graph, new ExportOptions { IncludeFields = true }, new FixedTime(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var text = new StringBuilder();
        foreach (var format in new[] { "json", "marquez", "dot", "mermaid" })
        {
            text.AppendLine(ExportFixture.Render(w => visualizer.Export(format, w)));
        }

        text.AppendLine(ExportFixture.Render(w => visualizer.WriteSummaryReport(ReportFormat.Markdown, w)));
        foreach (var dataset in graph.GetDatasets())
        {
            text.Append(dataset.Id).Append(" deleted=").Append(dataset.Deleted).Append(" state=").Append(dataset.LifecycleState)
                .Append(" owners=").AppendJoin(',', dataset.Owners.Select(o => o.Name)).Append(" tags=").AppendJoin(',', dataset.Tags.Select(t => t.Key))
                .Append(" fields=").AppendJoin(',', dataset.Fields.Select(f => f.Id + ":" + f.Type)).AppendLine();
            text.AppendLine(ExportFixture.Render(w => visualizer.WriteImpactAnalysis(NodeId.From(dataset.Id), ReportFormat.Json, w, 5)));
            foreach (var version in graph.GetDatasetVersions(dataset.Id))
            {
                text.Append(' ').Append(version.Version).Append(' ').Append(version.Run).Append(' ').AppendJoin(',', version.Schema.Select(f => f.Name)).AppendLine();
            }
        }

        foreach (var run in graph.GetRuns())
        {
            text.Append(run.Id).Append(' ').Append(run.Job).Append(' ').Append(run.State).Append(' ').Append(run.ErrorMessage).AppendLine();
        }

        foreach (var job in graph.GetJobs())
        {
            text.Append(job.Id).Append(' ').Append(job.Sql).Append(' ').AppendJoin(',', graph.GetJobVersions(job.Id).Select(v => v.Version)).AppendLine();
        }

        return text.ToString();
    }

    [Fact]
    public async Task Any_order_of_the_whole_corpus_gives_byte_identical_answers_and_exports()
    {
        var corpus = Corpus();
        Assert.True(corpus.Count > 150, $"only {corpus.Count} events");
        var expected = Answers(await IngestAsync(corpus));

        var reversed = Enumerable.Reverse(corpus).ToList();
        Assert.Equal(expected, Answers(await IngestAsync(reversed)));
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var shuffled = corpus.ToArray();
            new Random(seed).Shuffle(shuffled);
            Assert.Equal(expected, Answers(await IngestAsync(shuffled)));
        }
    }

    [Fact]
    public async Task A_table_created_after_it_was_dropped_is_not_deleted_whichever_event_arrives_last()
    {
        var folder = TestData.PathOf("openlineage", "events", "compatibility-tests", "consumer", "spark_dataproc_simple_producer_test_complete", "events");
        var files = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToList();
        var events = files.SelectMany(f => LineageJson.ReadMany(File.ReadAllBytes(f))).Where(r => r.Event is not null).Select(r => r.Raw.ToArray()).ToList();
        var t2 = new DatasetId("hdfs://dataproc-producer-test-m", "/user/hive/warehouse/t2");

        foreach (var order in new[] { events, Enumerable.Reverse(events).ToList() })
        {
            var graph = await IngestAsync(order);
            var dataset = graph.GetDataset(t2);
            Assert.NotNull(dataset);
            Assert.False(dataset.Deleted, "the CREATE (09:18:29) is newer than the DROP (09:18:14)");
        }
    }

    [Fact]
    public async Task A_runId_reused_by_another_dbt_job_is_a_separate_run_of_each_job_and_a_warning()
    {
        var events = new[] { "test", "no_test_metadata" }
            .SelectMany(d => LineageJson.ReadMany(File.ReadAllBytes(TestData.PathOf("openlineage", "events", "dbt", d, "result.json"))))
            .Where(r => r.Event is RunEvent)
            .ToList();
        var shared = new RunId(Guid.Parse("6edf42ed-d8d0-454a-b819-d09b9067ff99"));
        var jobs = events.Select(r => (RunEvent)r.Event!).Where(e => e.Run.RunId == shared).Select(e => e.Job.Id).Distinct().ToList();
        Assert.True(jobs.Count >= 2, "the corpus reuses this runId across jobs");
        var warnings = new List<string>();

        var graph = await IngestAsync(events.Select(r => r.Raw.ToArray()), warnings);

        foreach (var job in jobs)
        {
            Assert.Contains(graph.GetRuns(job), r => r.Id == shared && r.Job == job);
        }

        Assert.Contains(warnings, w => w.Contains(shared.ToString(), StringComparison.Ordinal) && w.Contains("each keeps a run of its own", StringComparison.Ordinal));
    }
}
