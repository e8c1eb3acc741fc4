using BenchmarkDotNet.Attributes;
using Tributary.Sql;
using Tributary.Tools.Sql;

namespace Tributary.Benchmarks;

/// <summary>
/// SQL lineage over every TPC-H and TPC-DS query (121 statements), single-threaded, with full column lineage.
/// Statements per second = 121 / mean time of one pass. Run:
/// <c>dotnet run -c Release --project benchmarks/Tributary.Benchmarks -- --filter *SqlBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class SqlBenchmarks
{
    private string[] _queries = [];
    private string _largest = "";
    private SqlAnalysisOptions _withCatalog = new();
    private SqlAnalysisOptions _withoutCatalog = new();

    /// <summary>The number of statements one pass analyses.</summary>
    public static int Statements { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var sql = Path.Combine(FindTestData(), "sql");
        _queries = [.. SqlCaseScorer.LoadTpcQueries(sql)];
        Statements = _queries.Length;
        _largest = _queries.MaxBy(q => q.Length)!;
        var ddl = string.Join(";\n", new[] { "tpch", "tpcds" }
            .SelectMany(suite => Directory.GetFiles(Path.Combine(sql, suite, "schema")))
            .Where(f => f.EndsWith(".sql", StringComparison.Ordinal) || f.EndsWith(".ddl", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText));
        _withCatalog = new SqlAnalysisOptions { Catalog = SqlCatalog.FromDdl(ddl) };
        _withoutCatalog = new SqlAnalysisOptions();
    }

    /// <summary>All TPC-H and TPC-DS queries with the TPC schemas as catalog (stars expanded, every column placed).</summary>
    [Benchmark(Baseline = true)]
    public int TpcWithCatalog() => Run(_withCatalog);

    /// <summary>All TPC-H and TPC-DS queries without a catalog.</summary>
    [Benchmark]
    public int TpcWithoutCatalog() => Run(_withoutCatalog);

    /// <summary>The longest query text alone.</summary>
    [Benchmark]
    public int LargestQuery() => SqlLineage.Analyze(_largest, _withCatalog).Columns.Count;

    private int Run(SqlAnalysisOptions options)
    {
        var edges = 0;
        foreach (var query in _queries)
        {
            edges += SqlLineage.Analyze(query, options).Columns.Count;
        }

        return edges;
    }

    private static string FindTestData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "testdata");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/testdata not found above " + AppContext.BaseDirectory);
    }
}
