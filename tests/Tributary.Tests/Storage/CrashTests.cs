using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Tributary.Storage;
using Xunit.Abstractions;

namespace Tributary.Tests.Storage;

/// <summary>
/// Kills a real writer process (<c>tributary crash-writer</c>: concurrent appends, segment rolls, compaction into
/// the lake, dropping log segments) with SIGKILL at random moments, 50 times, and checks after each kill that the
/// store opens and holds every event the writer had acknowledged, with the same digest.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 50;
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Every_acknowledged_event_survives_fifty_kills_of_the_writer_at_random_moments()
    {
        var folder = _temp.Combine("store");
        var random = new Random(20240501);
        var acknowledged = new Dictionary<long, string>();
        var torn = 0;
        var lakeThrough = 0L;
        var watch = Stopwatch.StartNew();
        for (var kill = 0; kill < Kills; kill++)
        {
            var acks = await RunAndKillAsync(folder, TimeSpan.FromMilliseconds(random.Next(5, 200)));
            foreach (var (sequence, digest) in acks)
            {
                acknowledged[sequence] = digest;
            }

            await using var store = EmbeddedLineageStore.Open(folder);
            torn += store.Log.Recovery is null ? 0 : 1;
            lakeThrough = store.Lake.EventsThrough;
            var present = new Dictionary<long, string>();
            await foreach (var stored in store.ReadAsync())
            {
                present[stored.Sequence] = stored.Digest.ToString();
            }

            var missing = acknowledged.Where(a => !present.TryGetValue(a.Key, out var d) || d != a.Value).Select(a => a.Key).Take(5).ToList();
            Assert.True(missing.Count == 0, $"after kill {kill + 1}: acknowledged events missing or changed: {string.Join(", ", missing)}");
            Assert.Equal(store.Count, present.Count);
        }

        var figures = string.Create(CultureInfo.InvariantCulture,
            $"crash test: {Kills} kills, {acknowledged.Count} events acknowledged, {acknowledged.Count} recovered, {torn} torn tails dropped, lake through #{lakeThrough}, {watch.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(figures);
        Console.WriteLine(figures);
        Assert.True(acknowledged.Count > Kills, figures);
    }

    private static async Task<List<(long Sequence, string Digest)>> RunAndKillAsync(string folder, TimeSpan afterFirstAck)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "Tributary.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { cli, "crash-writer", "--store", folder, "--compact-every", "250" })
        {
            start.ArgumentList.Add(arg);
        }

        var lines = new ConcurrentQueue<string>();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new ConcurrentQueue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lines.Enqueue(line);
                first.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                errors.Enqueue(line);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = await Task.WhenAny(first.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(started == first.Task, "the writer acknowledged nothing: " + string.Join(Environment.NewLine, errors));
        await Task.Delay(afterFirstAck);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();

        // A line cut by the kill is not an acknowledgement we can read, so only whole lines count.
        var acks = new List<(long, string)>();
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && parts[1].Length == EventDigest.Size * 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                acks.Add((sequence, parts[1]));
            }
        }

        return acks;
    }
}
