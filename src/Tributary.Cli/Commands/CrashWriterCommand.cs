using System.CommandLine;
using System.Globalization;
using System.Text;
using Tributary.Export;
using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Storage;
using Tributary.Storage.Lake;

namespace Tributary.Cli.Commands;

/// <summary>
/// <c>tributary crash-writer --store DIR</c> (hidden): the writer the crash test kills. Several tasks append
/// generated events to the embedded store as fast as it takes them, and each prints <c>sequence digest</c> on its
/// own line the moment <c>AppendAsync</c> returns (the event is then acknowledged, so durable). Small segments and
/// frequent compaction into the lake make a kill land in every phase: a group commit, a segment roll, a lake batch,
/// dropping segments.
/// </summary>
internal static class CrashWriterCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var writers = new Option<int>("--writers") { Description = "Concurrent appenders.", DefaultValueFactory = _ => 8 };
        var compactEvery = new Option<int>("--compact-every") { Description = "Compact into the lake after this many events (0: never).", DefaultValueFactory = _ => 1500 };
        var command = new Command("crash-writer", "Append generated events until killed, printing each acknowledged sequence and digest.")
        {
            store, writers, compactEvery,
        };
        command.Hidden = true;
        command.SetAction((result, ct) => RunAsync(result.GetValue(store)!, Math.Max(1, result.GetValue(writers)), result.GetValue(compactEvery), ct));
        return command;
    }

    private static async Task<int> RunAsync(string directory, int writers, int compactEvery, CancellationToken ct)
    {
        await using var store = EmbeddedLineageStore.Open(directory, new FileLineageStoreOptions { SegmentBytes = 64 << 10 }, new LakeOptions { EventsPerBatch = 500 });
        using var replica = await LineageReplica.OpenAsync(store, cancellationToken: ct);
        var graph = replica.Graph;
        var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false };
        var outputLock = new Lock();
        var next = store.Count;
        var sinceCompaction = 0L;
        var compacting = 0;

        async Task WriteAsync()
        {
            while (!ct.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref next);
                var raw = Event(n);
                var stored = await store.AppendAsync(raw, DateTimeOffset.UnixEpoch.AddSeconds(n), EventDigest.Compute(raw), ct);
                graph.Apply(LineageJson.Deserialize(raw), stored.Sequence);
                lock (outputLock)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stored.Sequence} {stored.Digest}"));
                    output.Flush();
                }

                if (compactEvery > 0 && Interlocked.Increment(ref sinceCompaction) % compactEvery == 0 && Interlocked.Exchange(ref compacting, 1) == 0)
                {
                    _ = Task.Run(async () =>
                    {
                        await store.CompactAsync(new LakeProjectionExporter(graph), cancellationToken: ct);
                        Volatile.Write(ref compacting, 0);
                    }, ct);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(WriteAsync, ct)));
        return 0;
    }

    /// <summary>The generated event number <paramref name="n"/>: a COMPLETE run reading one dataset and writing the next.</summary>
    internal static byte[] Event(long n) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $$"""{"eventType":"COMPLETE","eventTime":"{{DateTimeOffset.UnixEpoch.AddSeconds(n):yyyy-MM-ddTHH:mm:ssZ}}","run":{"runId":"018f3a2c-0000-7000-8000-{{n:D12}}"},"job":{"namespace":"crash","name":"job-{{n % 500}}"},"inputs":[{"namespace":"crash","name":"t{{n % 997}}"}],"outputs":[{"namespace":"crash","name":"t{{(n + 1) % 997}}"}],"producer":"https://example.com/crash-writer","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}"""));
}
