namespace Tributary.Benchmarks;

/// <summary>Where the benchmarks find their inputs: BenchmarkDotNet runs them from a generated folder under the build output.</summary>
internal static class BenchmarkData
{
    /// <summary>The shared test data (<c>../shared/testdata</c> beside the repository).</summary>
    public static string TestData() => Above(Path.Combine("shared", "testdata"));

    /// <summary>Every event of the corpus's concrete event folders that reads, in a stable order, with its exact bytes.</summary>
    public static List<Json.LineageReadResult> CorpusEvents()
    {
        var root = TestData();
        var events = new List<Json.LineageReadResult>();
        foreach (var dir in new[] { "openlineage/events/compatibility-tests/consumer", "openlineage/events/client-python", "marquez/api-test-resources/open_lineage" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(root, dir), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                events.AddRange(Json.LineageJson.ReadMany(File.ReadAllBytes(file)).Where(r => r.IsSuccess));
            }
        }

        return events;
    }

    /// <summary>The benchmarks folder of this repository (it holds <c>node-sql-parser</c>).</summary>
    public static string BenchmarksFolder() => Above(Path.Combine("benchmarks", "Tributary.Benchmarks"), parent: true);

    private static string Above(string relative, bool parent = false)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate))
            {
                return parent ? Path.GetDirectoryName(candidate)! : candidate;
            }
        }

        throw new DirectoryNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
