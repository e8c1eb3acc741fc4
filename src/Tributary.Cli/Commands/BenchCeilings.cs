using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Tributary.Storage;

namespace Tributary.Cli.Commands;

/// <summary>
/// The ceilings the bench figures are printed beside, measured in the same run on the same bytes: how fast
/// <c>JsonDocument.Parse</c> reads the events (on one core and on every core), and how fast this disk takes the same
/// bytes written sequentially with an fsync per group, as the store's writer does.
/// </summary>
internal static class BenchCeilings
{
    /// <summary>Each non-empty line of an NDJSON file as its start and length.</summary>
    public static List<(int Start, int Length)> Lines(byte[] content)
    {
        var lines = new List<(int Start, int Length)>();
        for (var at = 0; at < content.Length;)
        {
            var end = Array.IndexOf(content, (byte)'\n', at);
            end = end < 0 ? content.Length : end;
            if (end > at)
            {
                lines.Add((at, end - at));
            }

            at = end + 1;
        }

        return lines;
    }

    /// <summary>The fastest single-threaded pass of <c>JsonDocument.Parse</c> over every line (see <see cref="Best"/>).</summary>
    public static TimeSpan ParseOneCore(byte[] content, List<(int Start, int Length)> lines) =>
        Best(() =>
        {
            var properties = 0;
            foreach (var (offset, length) in lines)
            {
                properties += Parse(content, offset, length);
            }

            return properties;
        });

    /// <summary>
    /// The fastest pass of <c>JsonDocument.Parse</c> over every line with one worker per core, each taking ranges of
    /// lines (see <see cref="Best"/>): the rate the door could reach if parsing were all it did.
    /// </summary>
    public static TimeSpan ParseAllCores(byte[] content, List<(int Start, int Length)> lines) =>
        Best(() =>
        {
            var properties = 0;
            Parallel.ForEach(Partitioner.Create(0, lines.Count, 256), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, range =>
            {
                var local = 0;
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    local += Parse(content, lines[i].Start, lines[i].Length);
                }

                Interlocked.Add(ref properties, local);
            });
            return properties;
        });

    /// <summary>
    /// Writes <paramref name="content"/> to a new file in <paramref name="folder"/> in groups of
    /// <paramref name="groupBytes"/>, each followed by an fsync, as the store's group commit does with a full queue
    /// and with the store's own writer (past the page cache for large groups); the file is deleted afterwards.
    /// </summary>
    public static TimeSpan FsyncedWrite(string folder, byte[] content, int groupBytes)
    {
        var path = Path.Combine(folder, $"fsync-ceiling-{Guid.NewGuid():N}.bin");
        try
        {
            var start = Stopwatch.GetTimestamp();
            using (var file = SegmentAppender.Create(path, direct: true))
            {
                for (var at = 0; at < content.Length; at += groupBytes)
                {
                    var group = Math.Min(groupBytes, content.Length - at);
                    content.AsSpan(at, group).CopyTo(file.Next(group));
                    file.Write(group);
                }
            }

            return Stopwatch.GetElapsedTime(start);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// The median time to append <paramref name="bytes"/> to a new file in <paramref name="folder"/> and fsync it, as
    /// the store's writer does for one group (with its writer), over 50 groups; the file is deleted afterwards.
    /// </summary>
    public static TimeSpan FsyncLatency(string folder, int bytes)
    {
        var path = Path.Combine(folder, $"fsync-latency-{Guid.NewGuid():N}.bin");
        var content = new byte[Math.Max(bytes, 1)];
        var times = new double[50];
        try
        {
            using var file = SegmentAppender.Create(path, direct: true);
            for (var i = 0; i < times.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                content.CopyTo(file.Next(content.Length));
                file.Write(content.Length);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }
        finally
        {
            File.Delete(path);
        }

        Array.Sort(times);
        return TimeSpan.FromMilliseconds(times[times.Length / 2]);
    }

    private static int Parse(byte[] content, int offset, int length)
    {
        using var document = JsonDocument.Parse(content.AsMemory(offset, length));
        return document.RootElement.GetPropertyCount();
    }

    /// <summary>How the ceilings are taken, as the bench's output says.</summary>
    public const string Passes = "best pass once three in a row gained under 2%, after at least 1 s";

    // The fastest of the passes run until three in a row have not beaten the best by 2% and a second has gone by (at
    // most ten seconds). A ceiling is the rate the cores can reach, so it is taken once the parser's code is compiled
    // to its final tier and whatever else the machine does has had a chance to pause: a single short pass swung from
    // 200,000 to 500,000 events/s between runs of `bench server`, and a fixed second was not always enough for the
    // runtime to finish optimising the parser (a framework-dependent build measured 29,000 events/s in its first
    // second, against 350,000 once its code was optimised).
    private static TimeSpan Best(Func<int> pass)
    {
        var best = TimeSpan.MaxValue;
        var started = Stopwatch.GetTimestamp();
        for (var stale = 0; ;)
        {
            var start = Stopwatch.GetTimestamp();
            if (pass() == 0)
            {
                throw new CliException("the generated events are empty");
            }

            var elapsed = Stopwatch.GetElapsedTime(start);
            stale = elapsed < best * 0.98 ? 0 : stale + 1;
            best = elapsed < best ? elapsed : best;
            var spent = Stopwatch.GetElapsedTime(started);
            if ((stale >= 3 && spent >= TimeSpan.FromSeconds(1)) || spent >= TimeSpan.FromSeconds(10))
            {
                return best;
            }
        }
    }
}
