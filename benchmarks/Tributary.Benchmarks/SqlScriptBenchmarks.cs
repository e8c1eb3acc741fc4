using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Tributary.Sql;

namespace Tributary.Benchmarks;

/// <summary>
/// One script of 100,000 statements (<c>INSERT INTO mart.tN (a) SELECT b FROM raw.uM WHERE c &gt; i</c>, 6.5 MB), analysed
/// as one text with union semantics, then with script semantics. The peak working set of the benchmark process (the
/// script text, its analysis and BenchmarkDotNet itself) is printed at the end of each run as <c>// peak working set</c>.
/// Run: <c>dotnet run -c Release --project benchmarks/Tributary.Benchmarks -- --filter '*SqlScriptBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class SqlScriptBenchmarks
{
    private string _script = "";

    [GlobalSetup]
    public void Setup()
    {
        var sql = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO mart.t{i % 50} (a) SELECT b FROM raw.u{i % 70} WHERE c > {i};\n");
        }

        _script = sql.ToString();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        using var self = Process.GetCurrentProcess();
        Console.WriteLine($"// peak working set: {self.PeakWorkingSet64 / 1048576.0:F0} MB");
    }

    /// <summary>The whole script, every statement on its own (union semantics).</summary>
    [Benchmark(Baseline = true)]
    public int Union() => SqlLineage.Analyze(_script).Statements.Count;

    /// <summary>The whole script with script semantics (tables written and read inside it are intermediates).</summary>
    [Benchmark]
    public int Script() => SqlLineage.Analyze(_script, new SqlAnalysisOptions { Semantics = SqlSemantics.Script }).Statements.Count;
}
