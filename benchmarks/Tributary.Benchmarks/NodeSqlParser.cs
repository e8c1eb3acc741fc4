using System.Diagnostics;
using System.Text.Json;

namespace Tributary.Benchmarks;

/// <summary>
/// node-sql-parser's table-only <c>tableList</c>, run in a child Node.js process the benchmark drives over a pipe: one
/// line asks for one pass over every statement, one line answers with the number of tables found. The pipe's round trip
/// (tens of microseconds) is part of each measured pass, which is a few milliseconds long.
/// </summary>
internal sealed class NodeSqlParser : IDisposable
{
    private readonly Process _process;

    private NodeSqlParser(Process process, IReadOnlySet<int> unparsed)
    {
        _process = process;
        Unparsed = unparsed;
    }

    /// <summary>Indexes of the statements node-sql-parser cannot parse (left out of both sides' passes).</summary>
    public IReadOnlySet<int> Unparsed { get; }

    /// <summary>Starts the comparison over <paramref name="statements"/> with node-sql-parser's <paramref name="database"/> grammar.</summary>
    public static NodeSqlParser Start(IReadOnlyList<string> statements, string database)
    {
        var folder = Path.Combine(BenchmarkData.BenchmarksFolder(), "node-sql-parser");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "node-sql-parser")))
        {
            throw new InvalidOperationException($"node-sql-parser is not installed in {folder}: run scripts/install-bench-deps.sh");
        }

        var file = Path.Combine(Path.GetTempPath(), $"tributary-bench-statements-{Environment.ProcessId}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(statements));
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardInput = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("table-list.js");
        start.ArgumentList.Add(file);
        start.ArgumentList.Add(database);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var ready = process.StandardOutput.ReadLine();
        File.Delete(file);
        if (ready is null || !ready.StartsWith("ready", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"node-sql-parser did not start: '{ready}'");
        }

        var unparsed = ready.Length > 6 ? ready[6..].Split(',').Select(int.Parse).ToHashSet() : [];
        return new NodeSqlParser(process, unparsed);
    }

    /// <summary>One pass of <c>tableList</c> over every statement it parses; returns the number of tables found.</summary>
    public int TableListPass()
    {
        _process.StandardInput.WriteLine("run");
        _process.StandardInput.Flush();
        return int.Parse(_process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("node-sql-parser exited"), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _process.StandardInput.WriteLine("exit");
        _process.StandardInput.Flush();
        if (!_process.WaitForExit(5000))
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
