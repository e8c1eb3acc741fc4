using BenchmarkDotNet.Attributes;
using Tributary.Sql;
using Tributary.Tools.Sql;

namespace Tributary.Benchmarks;

/// <summary>
/// SQL lineage over the TPC-H and TPC-DS queries node-sql-parser also parses (117 of 121 with its PostgreSQL grammar),
/// single-threaded, with full column lineage, beside node-sql-parser's table-only <c>tableList</c> on the same
/// statements in the same run (the Ratio column). Statements per second = statements / mean time of one pass. Run
/// <c>scripts/install-bench-deps.sh</c> once, then
/// <c>dotnet run -c Release --project benchmarks/Tributary.Benchmarks -- --filter '*SqlBenchmarks*' --job short --affinity 1</c>.
/// </summary>
[MemoryDiagnoser]
public class SqlBenchmarks
{
    private string[] _queries = [];
    private SqlAnalysisOptions _withCatalog = new();
    private SqlAnalysisOptions _withoutCatalog = new();
    private NodeSqlParser? _node;

    [GlobalSetup]
    public void Setup()
    {
        var sql = Path.Combine(BenchmarkData.TestData(), "sql");
        var all = SqlCaseScorer.LoadTpcQueries(sql);
        _node = NodeSqlParser.Start(all, "postgresql");
        _queries = [.. all.Where((_, i) => !_node.Unparsed.Contains(i))];
        Console.WriteLine($"// statements per pass: {_queries.Length} of {all.Count} (node-sql-parser cannot parse {_node.Unparsed.Count})");
        var ddl = string.Join(";\n", new[] { "tpch", "tpcds" }
            .SelectMany(suite => Directory.GetFiles(Path.Combine(sql, suite, "schema")))
            .Where(f => f.EndsWith(".sql", StringComparison.Ordinal) || f.EndsWith(".ddl", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText));
        _withCatalog = new SqlAnalysisOptions { Catalog = SqlCatalog.FromDdl(ddl) };
        _withoutCatalog = new SqlAnalysisOptions();
    }

    [GlobalCleanup]
    public void Cleanup() => _node?.Dispose();

    /// <summary>Column lineage of every statement with the TPC schemas as catalog (stars expanded, every column placed).</summary>
    [Benchmark(Baseline = true)]
    public int TributaryColumnLineageWithCatalog() => Run(_withCatalog);

    /// <summary>Column lineage of every statement without a catalog.</summary>
    [Benchmark]
    public int TributaryColumnLineageWithoutCatalog() => Run(_withoutCatalog);

    /// <summary>node-sql-parser's <c>tableList</c> (tables only, no columns) over the same statements, in a Node.js child process.</summary>
    [Benchmark]
    public int NodeSqlParserTableList() => _node!.TableListPass();

    private int Run(SqlAnalysisOptions options)
    {
        var edges = 0;
        foreach (var query in _queries)
        {
            edges += SqlLineage.Analyze(query, options).Columns.Count;
        }

        return edges;
    }
}
