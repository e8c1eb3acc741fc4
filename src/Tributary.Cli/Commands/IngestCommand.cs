using System.CommandLine;
using Spectre.Console;
using Tributary.Cli.Ingestion;
using Tributary.Cli.Output;
using Tributary.Compression;
using Tributary.Export;
using Tributary.Ingest;

namespace Tributary.Cli.Commands;

/// <summary><c>tributary ingest &lt;files|dirs|-&gt;</c>: imports OpenLineage events (JSON, JSON arrays, NDJSON, any of them gzip-compressed) into a store.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Event files or folders (*.json, *.ndjson, *.jsonl, and each of those gzip-compressed as *.gz), or - for standard input.", Arity = ArgumentArity.OneOrMore };
        var store = CommonOptions.Store();
        var server = CommonOptions.Server();
        var apiKey = CommonOptions.ApiKey();
        var noSqlLineage = new Option<bool>("--no-sql-lineage") { Description = "Do not derive column lineage from the SQL of events' sql facets (into a store; a server follows its own setting)." };
        var timings = new Option<bool>("--timings") { Description = "Say on standard error where the time went: process start, opening the store, reading and applying, the checkpoint at the end, and the CPU spent compiling code and paused in collections." };
        var command = new Command("ingest", "Import OpenLineage events into the store (through the server that holds it, if one does): bad events are reported and skipped, the rest go in.")
        {
            paths, store, server, apiKey, noSqlLineage, timings,
        };
        CommandAction.Set(command, (result, ct) => RunAsync(
            result.GetValue(paths)!, result.GetValue(store)!, result.GetValue(server), result.GetValue(apiKey), !result.GetValue(noSqlLineage), result.GetValue(timings) ? new IngestTimings() : null, result.InvocationConfiguration, ct));
        return command;
    }

    private static async Task<int> RunAsync(
        string[] paths, string storeDir, string? server, string? apiKey, bool deriveSqlLineage, IngestTimings? timings, InvocationConfiguration io, CancellationToken ct)
    {
        // Inputs are streamed through the door, never read whole, so a file of any length takes bounded memory.
        var inputs = new List<(string Name, Func<Stream> Open, long Length)>();
        var bytes = 0L; // of the files (standard input's length is not known)
        foreach (var path in paths)
        {
            if (path == "-")
            {
                inputs.Add(("<stdin>", EventInput.OpenStandardInput, -1));
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in EventFiles.In(path))
                {
                    var length = LengthOf(file);
                    inputs.Add((file, () => EventInput.OpenFile(file), length));
                    bytes += length;
                }
            }
            else if (File.Exists(path))
            {
                var length = LengthOf(path);
                inputs.Add((path, () => EventInput.OpenFile(path), length));
                bytes += length;
            }
            else
            {
                io.Error.WriteLine($"tributary ingest: '{path}' is neither a file nor a folder.");
                return 2;
            }
        }

        await using var target = await IngestTarget.OpenAsync(storeDir, server, apiKey, ct, deriveSqlLineage);
        target.ExpectBytes(bytes);
        timings?.Opened();
        var total = new IngestSummary();
        var interactive = Terminal.IsInteractive(io);
        var empty = 0;
        // Small files are ingested a few at a time. Each input's events are durable before its ingest returns, so one
        // file after another cost a write and an fsync per file: 5,000 files of one event each (OpenLineage's file
        // transport writes one per event with append: false) took 1.75 s, 1.49 s of it in the kernel. Ingested at once,
        // their appends share the store's group commits. What is said of each input is said in input order all the
        // same, and the store holds their events in input order too (each takes its turn to append); a larger input (or
        // standard input) is ingested alone, with its progress bar.
        var pending = new Queue<Task<InputOutcome>>();
        var turn = IngestTurn.First();
        void Say(InputOutcome outcome)
        {
            empty += Report(outcome, io) ? 0 : 1;
            total += outcome.Summary;
        }

        try
        {
            try
            {
                foreach (var (name, open, length) in inputs)
                {
                    var small = length is >= 0 and < SmallInputBytes;
                    while (pending.Count > 0 && (!small || pending.Count >= InputsAtOnce))
                    {
                        Say(await pending.Dequeue());
                    }

                    pending.Enqueue(IngestOneAsync(target, name, open, interactive && !small, turn, ct));
                    turn = turn.Next();
                }

                while (pending.Count > 0)
                {
                    Say(await pending.Dequeue());
                }
            }
            finally
            {
                // An input that failed (or Ctrl+C) ends the command: the ones still going finish first, so what they
                // stored is counted and none is left writing to a store being closed.
                await Task.WhenAll(pending).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            var stored = target.StoredSinceOpened is { } count ? $"{count} new events were stored" : $"at least {total.Accepted} new events were stored";
            io.Error.WriteLine($"tributary ingest: interrupted by Ctrl+C; {stored} {target.Destination} before it. Run the same command again to add the rest: events already stored count as duplicates.");
            return CommandAction.Interrupted;
        }

        timings?.Ingested();
        await target.CompleteAsync(ct);
        timings?.Completed();
        // Sorted, as the graph they are about does not depend on the order the inputs were given in.
        var warnings = target.Warnings.Order(StringComparer.Ordinal).ToList();
        foreach (var warning in warnings)
        {
            io.Output.WriteLine("warning: " + VisibleText.Escape(warning));
        }

        var warned = total.Warned > 0 ? $", {total.Warned} {(total.Warned == 1 ? "event" : "events")} with warnings" : "";
        io.Output.WriteLine($"{total.Accepted} accepted, {total.Duplicates} duplicates, {total.Rejected.Count} rejected{warned}{(warnings.Count > 0 ? $", {warnings.Count} {(warnings.Count == 1 ? "warning" : "warnings")}" : "")} ({inputs.Count} {(inputs.Count == 1 ? "input" : "inputs")}) {target.Destination}");
        if (timings is not null)
        {
            io.Error.WriteLine(timings);
        }

        if (inputs.Count == 0 || empty == inputs.Count)
        {
            io.Error.WriteLine(inputs.Count == 0
                ? "tributary ingest: the folders given hold no *.json, *.ndjson or *.jsonl files (or *.gz of them); nothing was stored"
                : "tributary ingest: every input was empty; nothing was stored. Give files that hold OpenLineage events.");
            return 1;
        }

        return total.Rejected.Count == 0 ? 0 : 1;
    }

    // A file's length, or 0 if it cannot be read now (opening it later says why).
    private static long LengthOf(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    // Inputs smaller than this (most of a chunk of the door) are ingested up to InputsAtOnce at a time, without a progress bar.
    private const long SmallInputBytes = 1 << 20;

    private const int InputsAtOnce = 16;

    // What ingesting one input gave: its summary, and whether it held anything (an empty input is said, never skipped).
    private sealed record InputOutcome(string Name, IngestSummary Summary, bool HasContent);

    private static async Task<InputOutcome> IngestOneAsync(IngestTarget target, string name, Func<Stream> open, bool progress, IngestTurn turn, CancellationToken ct)
    {
        try
        {
            return await IngestInTurnAsync(target, name, open, progress, turn, ct);
        }
        finally
        {
            // An input that could not be opened (or failed) lets the ones after it go on.
            turn.Pass();
        }
    }

    private static async Task<InputOutcome> IngestInTurnAsync(IngestTarget target, string name, Func<Stream> open, bool progress, IngestTurn turn, CancellationToken ct)
    {
        IngestSummary summary;
        Stream stream;
        try
        {
            stream = open();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {name}: {ex.Message}");
        }

        var content = new ContentProbe(stream, name);
        await using (stream)
        {
            try
            {
                if (progress)
                {
                    summary = await AnsiConsole.Progress().AutoClear(true).StartAsync(async context =>
                    {
                        var task = context.AddTask(Path.GetFileName(name), maxValue: stream.CanSeek ? Math.Max(1, stream.Length) : 1);
                        task.IsIndeterminate = !stream.CanSeek;
                        return await target.IngestManyAsync(content, bytes => task.Value = Math.Min(task.MaxValue, task.Value + bytes), turn, ct);
                    });
                }
                else
                {
                    summary = await target.IngestManyAsync(content, null, turn, ct);
                }
            }
            catch (InvalidDataException ex)
            {
                // A gzip input cut short or damaged (EventInput): the door has stored what it read before that point.
                var stored = target.StoredSinceOpened is { } count ? $" ({count} new events in all {target.Destination})" : "";
                throw new CliException($"{name}: not valid gzip data: {ex.Message}; the events before that point are stored{stored}, and ingesting the whole file again adds the rest (those count as duplicates)");
            }
        }

        return new InputOutcome(name, content.HasContent ? summary : new IngestSummary(), content.HasContent);
    }

    // Says what one input gave; false when it was empty.
    private static bool Report(InputOutcome outcome, InvocationConfiguration io)
    {
        var (name, summary, hasContent) = outcome;
        if (!hasContent)
        {
            io.Output.WriteLine(VisibleText.Escape($"{name}: empty, no events"));
            return false;
        }

        foreach (var rejected in summary.Rejected)
        {
            foreach (var error in rejected.Errors)
            {
                io.Output.WriteLine(VisibleText.Escape($"{name}: line {rejected.Line}: rejected: {error.Path}: {error.Message}"));
            }
        }

        // Said as `tributary validate` says them, for the first few events only: a file whose every event lacks a
        // schemaURL would otherwise print a line per event.
        for (var i = 0; i < Math.Min(WarnedShown, summary.WarnedEvents.Count); i++)
        {
            var warned = summary.WarnedEvents[i];
            foreach (var warning in warned.Warnings)
            {
                io.Output.WriteLine(VisibleText.Escape($"{name}: line {warned.Line}: warning: {warning.Path}: {warning.Message}"));
            }
        }

        if (summary.Warned > WarnedShown)
        {
            var more = summary.Warned - WarnedShown;
            io.Output.WriteLine(VisibleText.Escape($"{name}: {more} more {(more == 1 ? "event" : "events")} with warnings; `tributary validate {name}` lists each"));
        }

        return true;
    }

    // How many events' warnings an input's report shows before it only counts the rest.
    private const int WarnedShown = 10;

    /// <summary>
    /// Passes a stream through, noting whether it held anything but whitespace and byte order marks (an empty input is
    /// said, not skipped), and saying which input failed to read.
    /// </summary>
    internal sealed class ContentProbe(Stream inner, string name) : ReadOnlyStream
    {
        /// <summary>Whether anything but whitespace and byte order marks has been read.</summary>
        public bool HasContent { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return Note(inner.Read(buffer), buffer);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read {name}: {ex.Message}");
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read;
            try
            {
                read = await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read {name}: {ex.Message}");
            }

            return Note(read, buffer.Span);
        }

        private int Note(int read, ReadOnlySpan<byte> buffer)
        {
            // A byte order mark's bytes (EF BB BF) are no content either: a file of nothing but one is empty.
            HasContent = HasContent || buffer[..read].IndexOfAnyExcept(" \t\r\n\uFEFF"u8) >= 0;
            return read;
        }
    }
}
