using System.Diagnostics;

namespace Tributary.Tests.Examples;

/// <summary>Runs the examples program (the document's Quick Start and use cases in C#) as a user would, and checks what it prints.</summary>
public sealed class ExamplesProgramTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-examples-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_examples_program_walks_through_the_quick_start_and_every_use_case()
    {
        var lake = Path.Combine(_folder, "lineage");
        var (code, output, error) = await RunAsync(Path.Combine(AppContext.BaseDirectory, "Tributary.Examples.dll"), lake);

        Assert.True(code == 0, $"exit code {code}\n{output}\n{error}");
        Assert.Equal("", error);
        Assert.Contains($"1. Tracker over {lake}; global: True", output, StringComparison.Ordinal);
        Assert.Contains("2. Saved AAPL and MSFT, loaded 21 AAPL bars; operations tracked: 3", output, StringComparison.Ordinal);
        Assert.Contains("3. process_data produced 21 values", output, StringComparison.Ordinal);
        Assert.Contains("4. Repository sources: equity_bars/AAPL, equity_bars/MSFT, equity_bars/TSLA, processed/AAPL", output, StringComparison.Ordinal);
        Assert.Contains("   Paths from equity_bars/AAPL to processed/AAPL: 1", output, StringComparison.Ordinal);
        Assert.Contains("   Rows written into equity_bars/AAPL: 21", output, StringComparison.Ordinal);
        Assert.Contains("Use case 1: failed operations: 1 (EquityBarRepository.LoadSymbolData: no bars saved for TSLA)", output, StringComparison.Ordinal);
        Assert.Contains("Use case 2: Downstream impact: 3 nodes", output, StringComparison.Ordinal);
        Assert.Contains("Use case 3: stale sources: 0", output, StringComparison.Ordinal);
        Assert.Contains("Use case 4: 2 reads, average read time: ", output, StringComparison.Ordinal);
        Assert.Contains("Use case 5: 5 operations in the last 24 hours", output, StringComparison.Ordinal);
        Assert.Contains("Reopened: 5 operations and 4 data sources kept in", output, StringComparison.Ordinal);
        Assert.Contains("   lineage_nodes: 1 Parquet files", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(lake, "report.html")));
        Assert.StartsWith("digraph lineage {", await File.ReadAllTextAsync(Path.Combine(lake, "lineage.dot")), StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
