using System.CommandLine;
using Spectre.Console;
using Tributary.Ingest;
using Tributary.Storage;

namespace Tributary.Cli.Commands;

/// <summary><c>tributary ingest &lt;files|dirs|-&gt;</c>: imports OpenLineage events (JSON, JSON arrays, NDJSON) into a store.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Event files or folders (*.json, *.ndjson, *.jsonl), or - for standard input.", Arity = ArgumentArity.OneOrMore };
        var store = CommonOptions.Store();
        var command = new Command("ingest", "Import OpenLineage events into the store: bad events are reported and skipped, the rest go in.") { paths, store };
        command.SetAction((result, ct) => RunAsync(result.GetValue(paths)!, result.GetValue(store)!, result.InvocationConfiguration, ct));
        return command;
    }

    private static async Task<int> RunAsync(string[] paths, string storeDir, InvocationConfiguration io, CancellationToken ct)
    {
        var inputs = new List<(string Name, Func<Task<byte[]>> Read)>();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                inputs.Add(("<stdin>", async () =>
                {
                    using var buffer = new MemoryStream();
                    await Console.OpenStandardInput().CopyToAsync(buffer, ct);
                    return buffer.ToArray();
                }));
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in EventFiles.In(path))
                {
                    inputs.Add((file, () => File.ReadAllBytesAsync(file, ct)));
                }
            }
            else if (File.Exists(path))
            {
                inputs.Add((path, () => File.ReadAllBytesAsync(path, ct)));
            }
            else
            {
                io.Error.WriteLine($"tributary ingest: '{path}' is neither a file nor a folder.");
                return 2;
            }
        }

        await using var lineageStore = EmbeddedLineageStore.Open(storeDir);
        var ingestor = await LineageIngestor.OpenAsync(lineageStore, cancellationToken: ct);

        // The store's graph follows the ingest, so its checkpoint is current when this command ends and the next
        // query replays nothing; it also notices runIds that another job already used.
        var warnings = new List<string>();
        using var replica = await LineageReplica.OpenAsync(
            lineageStore, LineageReplicaOptions.ForStore(storeDir) with { OnWarning = warnings.Add }, cancellationToken: ct);
        warnings.Clear();
        await replica.FollowAsync(ingestor, ct);
        var total = new IngestSummary();
        var interactive = Terminal.IsInteractive(io);
        foreach (var (name, read) in inputs)
        {
            var content = await read();
            IngestSummary summary;
            if (interactive)
            {
                summary = await AnsiConsole.Progress().AutoClear(true).StartAsync(async context =>
                {
                    var task = context.AddTask(Path.GetFileName(name), maxValue: Math.Max(1, content.Length));
                    return await ingestor.IngestManyAsync(content, r => task.Value = Math.Min(task.MaxValue, task.Value + r.Raw.Length + 1), ct);
                });
            }
            else
            {
                summary = await ingestor.IngestManyAsync(content, cancellationToken: ct);
            }

            total += summary;
            foreach (var rejected in summary.Rejected)
            {
                foreach (var error in rejected.Errors)
                {
                    io.Output.WriteLine($"{name}: line {rejected.Line}: rejected: {error.Path}: {error.Message}");
                }
            }
        }

        await replica.TryWriteCheckpointAsync(ct);
        foreach (var warning in warnings)
        {
            io.Output.WriteLine($"warning: {warning}");
        }

        io.Output.WriteLine($"{total.Accepted} accepted, {total.Duplicates} duplicates, {total.Rejected.Count} rejected{(warnings.Count > 0 ? $", {warnings.Count} {(warnings.Count == 1 ? "warning" : "warnings")}" : "")} ({inputs.Count} {(inputs.Count == 1 ? "input" : "inputs")}) into {Path.GetFullPath(storeDir)}");
        return total.Rejected.Count == 0 ? 0 : 1;
    }
}
