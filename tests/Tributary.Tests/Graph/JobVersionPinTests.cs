using System.Security.Cryptography;
using System.Text;
using Tributary.Graph;
using Tributary.Model;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Graph;

/// <summary>
/// A job version is stored in checkpoints and shown by the API, so the way it is computed may get faster but never
/// give another value: these tests compute it as it was first defined (strings joined, sorted and hashed) and
/// compare.
/// </summary>
public sealed class JobVersionPinTests
{
    [Fact]
    public void A_job_version_is_the_hash_of_the_job_and_its_distinct_datasets_in_ordinal_order()
    {
        var job = Job("load");
        DatasetId[] inputs = [Dataset("b"), Dataset("a"), Dataset("a:b", "s3://bucket"), Dataset("A"), Dataset("ab")];
        DatasetId[] outputs = [Dataset("a"), Dataset("a%20b"), Dataset("b")];
        using var graph = LineageGraph.From([Run(job, inputs, outputs)]);

        var version = Assert.Single(graph.GetJobVersions(job)).Version;

        Assert.Equal(AsFirstDefined(job, inputs, outputs), version);
        // What the first definition gave, pinned so the formula above cannot drift with the code.
        Assert.Equal(Guid.Parse("c8bd8c79-e8ab-0474-1b92-5079013438e4"), version);
    }

    [Fact]
    public void A_job_version_of_names_beyond_ascii_and_repeated_datasets_hashes_as_first_defined()
    {
        var job = Job("chargé\uD83D\uDE80", "é:ns");
        DatasetId[] inputs = [Dataset("日本"), Dataset("zeta"), Dataset("日本"), Dataset("Ωmega", "ns%"), Dataset("a\uD800"), Dataset("\uDC00b")];
        DatasetId[] outputs = [Dataset("zeta"), Dataset("\uD83D\uDE00"), Dataset("日本")];
        using var graph = LineageGraph.From([Run(job, inputs, outputs)]);

        Assert.Equal(AsFirstDefined(job, inputs, outputs), Assert.Single(graph.GetJobVersions(job)).Version);
    }

    [Fact]
    public void A_run_whose_late_event_adds_a_dataset_moves_to_the_version_of_everything_it_used()
    {
        var job = Job("load");
        var run = RunId.New();
        using var graph = LineageGraph.From(
        [
            Run(job, [Dataset("a")], [Dataset("b")], RunState.Complete, T0.AddMinutes(1), run),
            Run(job, [Dataset("c")], [], RunState.Running, T0, run),
        ]);

        var version = Assert.Single(graph.GetJobVersions(job));

        Assert.Equal(AsFirstDefined(job, [Dataset("a"), Dataset("c")], [Dataset("b")]), version.Version);
        Assert.Equal(1, version.RunCount);
    }

    [Fact]
    public void Runs_that_use_what_the_last_version_used_share_it_and_any_other_union_gets_its_own()
    {
        // A run whose datasets are the last version's is given that version without hashing: repeats, swapped
        // directions, subsets and supersets must still tell apart exactly as the hash does.
        var job = Job("load");
        (DatasetId[] Inputs, DatasetId[] Outputs)[] runs =
        [
            ([Dataset("a")], [Dataset("b")]),
            ([Dataset("a")], [Dataset("b"), Dataset("b")]),
            ([Dataset("a")], []),
            ([Dataset("b")], [Dataset("a")]),
            ([Dataset("a")], []),
            ([Dataset("a"), Dataset("a")], [Dataset("b")]),
            ([Dataset("a"), Dataset("c")], [Dataset("b")]),
            ([Dataset("a")], [Dataset("b")]),
            ([Dataset("a")], [Dataset("b"), Dataset("a")]),
            ([Dataset("a"), Dataset("b")], [Dataset("a")]),
        ];
        using var graph = LineageGraph.From(runs.Select((r, i) => Run(job, r.Inputs, r.Outputs, RunState.Complete, T0.AddMinutes(i))));

        var versions = graph.GetJobVersions(job).ToDictionary(v => v.Version, v => v.RunCount);

        var expected = runs.GroupBy(r => AsFirstDefined(job, r.Inputs, r.Outputs)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(6, expected.Count);
        Assert.Equal(expected.OrderBy(p => p.Key), versions.OrderBy(p => p.Key));
    }

    [Fact]
    public void Runs_that_alternate_between_earlier_versions_share_them_however_far_back_they_are()
    {
        // A run is compared with the job's latest versions, not only the last: alternating partitions, near misses
        // (a subset, a superset, a swapped direction) among them, and a cycle longer than the versions compared.
        var job = Job("load");
        (DatasetId[] Inputs, DatasetId[] Outputs)[] kinds =
        [
            ([Dataset("day1")], [Dataset("out")]),
            ([Dataset("day2")], [Dataset("out")]),
            ([Dataset("day1"), Dataset("day2")], [Dataset("out")]),
            ([Dataset("out")], [Dataset("day1")]),
            ([Dataset("day1")], []),
            ([Dataset("day3")], [Dataset("out")]),
            ([Dataset("day4")], [Dataset("out")]),
        ];
        var runs = Enumerable.Range(0, 60).Select(i => kinds[(i * 5 / 3) % kinds.Length]).ToList();
        using var graph = LineageGraph.From(runs.Select((r, i) => Run(job, r.Inputs, r.Outputs, RunState.Complete, T0.AddMinutes(i))));

        var versions = graph.GetJobVersions(job).ToDictionary(v => v.Version, v => v.RunCount);

        var expected = runs.GroupBy(r => AsFirstDefined(job, r.Inputs, r.Outputs)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(kinds.Length, expected.Count);
        Assert.Equal(expected.OrderBy(p => p.Key), versions.OrderBy(p => p.Key));
    }

    // The definition as first written: "<" or ">" and each dataset's node id, sorted ordinally, repeats dropped,
    // after the job's node id, one per line; the first 16 bytes of the SHA-256 of its UTF-8.
    private static Guid AsFirstDefined(JobId job, IEnumerable<DatasetId> inputs, IEnumerable<DatasetId> outputs)
    {
        var names = inputs.Select(i => "<" + NodeId.From(i)).Concat(outputs.Select(o => ">" + NodeId.From(o))).ToList();
        names.Sort(StringComparer.Ordinal);
        var text = new StringBuilder(NodeId.From(job).ToString());
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            text.Append('\n').Append(name);
        }

        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 16));
    }
}
