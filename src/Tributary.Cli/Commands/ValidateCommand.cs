using System.CommandLine;
using Tributary.Export;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Model;

namespace Tributary.Cli.Commands;

/// <summary>
/// <c>tributary validate &lt;file|dir&gt;...</c>: checks OpenLineage event files and prints OK or each error with its JSON
/// path. Each event gets every check the ingest door makes (the strict reader, the size limit, blank names and control
/// characters), so a file that validates is a file that ingests; files are read as <c>tributary ingest</c> reads them, a
/// block at a time and on every core, so a file of any length takes bounded memory.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Event files (JSON, JSON array or NDJSON, any of them gzip-compressed), folders to search for *.json, *.ndjson and *.jsonl files (and *.gz of each), or - for standard input.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("validate", "Check OpenLineage event files as the ingest door would; exit code 0 only when every event is valid.") { paths };
        Output.CommandAction.Set(command, (result, ct) => RunAsync(result.GetValue(paths)!, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken: ct));
        return command;
    }

    /// <summary>Validates <paramref name="paths"/>; <paramref name="input"/> stands for standard input when given.</summary>
    internal static async Task<int> RunAsync(IReadOnlyList<string> paths, TextWriter output, TextWriter error, TextReader? input = null, CancellationToken cancellationToken = default)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                var found = EventFiles.In(path).ToList();
                if (found.Count == 0)
                {
                    error.WriteLine(VisibleText.Escape($"tributary validate: the folder '{path}' holds no *.json, *.ndjson or *.jsonl files (or *.gz of them); give event files or a folder of them"));
                    return 1;
                }

                files.AddRange(found);
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                error.WriteLine(VisibleText.Escape($"tributary validate: '{path}' is neither a file nor a folder."));
                return 2;
            }
        }

        var invalidFiles = 0;
        var events = 0L;
        var runJobs = new RunJobs();
        foreach (var file in files)
        {
            var name = file == "-" ? "<stdin>" : file;
            Report report;
            await using (var stream = await OpenAsync(file, name, input, cancellationToken))
            {
                try
                {
                    report = await ReadAsync(stream, name, runJobs, cancellationToken);
                }
                catch (InvalidDataException ex)
                {
                    // A gzip input cut short or damaged (EventInput): `ingest` would store the events before that point and stop there.
                    invalidFiles++;
                    output.WriteLine(VisibleText.Escape($"{name}: ERROR not valid gzip data: {ex.Message}"));
                    continue;
                }
            }

            events += report.Events;
            if (report.Events == 0)
            {
                invalidFiles++;
                output.WriteLine(VisibleText.Escape(report.HasContent ? $"{name}: ERROR no events found" : $"{name}: ERROR empty: no events (the input has no content)"));
            }
            else if (report.Invalid == 0)
            {
                output.WriteLine(VisibleText.Escape($"{name}: OK ({Plural(report.Events, "event")})"));
            }
            else
            {
                invalidFiles++;
                output.WriteLine(VisibleText.Escape($"{name}: {Plural(report.Invalid, "invalid event")} of {report.Events}"));
            }

            foreach (var line in report.Lines)
            {
                output.WriteLine(VisibleText.Escape(line));
            }
        }

        output.WriteLine($"{Plural(files.Count, "file")}, {Plural(events, "event")}, {invalidFiles} with errors");
        return invalidFiles == 0 && files.Count > 0 ? 0 : 1;
    }

    // A file as `tributary ingest` opens it, or standard input (or what stands for it).
    private static async Task<Stream> OpenAsync(string file, string name, TextReader? input, CancellationToken cancellationToken)
    {
        try
        {
            return file != "-" ? EventInput.OpenFile(file)
                : input is not null ? new MemoryStream(System.Text.Encoding.UTF8.GetBytes(await input.ReadToEndAsync(cancellationToken)))
                : EventInput.OpenStandardInput();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {name}: {ex.Message}");
        }
    }

    /// <summary>
    /// What one input held: its events, the invalid ones, whether it had any content, and the lines to print under its
    /// name (every error first, then every warning, each in the order of the events). Only these lines are kept, never
    /// the events.
    /// </summary>
    internal sealed record Report(long Events, long Invalid, bool HasContent, IReadOnlyList<string> Lines);

    /// <summary>
    /// Reads every event of <paramref name="stream"/> (named <paramref name="name"/> in errors) as the ingest door
    /// would, holding only what is to be said of them; <paramref name="runJobs"/> holds the job of each runId seen so far,
    /// across inputs.
    /// </summary>
    internal static async Task<Report> ReadAsync(Stream stream, string name, RunJobs runJobs, CancellationToken cancellationToken)
    {
        long events = 0, invalid = 0;
        var errors = new List<string>();
        var warnings = new List<string>();
        var options = LineageIngestorOptions.Default;
        var chunk = new List<EventSlice>(128);
        var read = Array.Empty<(LineageReadResult Result, IReadOnlyList<LineageError> Refusals)>();

        // Read on every core, then told in order: a runId's first job is the one in the earlier event.
        void Settle()
        {
            if (read.Length < chunk.Count)
            {
                read = new (LineageReadResult, IReadOnlyList<LineageError>)[chunk.Count];
            }

            Parallel.For(0, chunk.Count, i =>
            {
                var slice = chunk[i];
                var result = EventSplitter.Read(slice, LineageReadOptions.Strict);
                read[i] = (result, result.Event is { } e ? LineageIngestor.Refusals(e, result.Raw.Length, result.Warnings, options, slice.Path) : result.Errors);
            });
            for (var i = 0; i < chunk.Count; i++)
            {
                var (result, refusals) = read[i];
                var slice = chunk[i];
                read[i] = default;
                events++;
                invalid += refusals.Count > 0 ? 1 : 0;
                foreach (var e in refusals)
                {
                    errors.Add($"  line {result.Line}: {e.Path}: {e.Message}");
                }

                // Only of events the door would take, as ingest says them: a refused event is no run of anything.
                if (result.Event is null || refusals.Count > 0)
                {
                    continue;
                }

                foreach (var w in result.Warnings)
                {
                    warnings.Add($"  line {result.Line}: warning: {w.Path}: {w.Message}");
                }

                // A runId sent by two jobs becomes two runs at ingest; producers that reuse ids usually mean one.
                if (result.Event is RunEvent run && runJobs.FirstOther(run.Run.RunId, run.Job.Id) is { } first)
                {
                    var path = slice.Path.ToString() + ".run.runId";
                    warnings.Add($"  line {result.Line}: warning: {path}: {LineageReplica.RunIdReused(run.Run.RunId, first, run.Job.Id)}");
                }
            }

            chunk.Clear();
        }

        var probe = new IngestCommand.ContentProbe(stream, name);
        var bytes = 0;
        await foreach (var slice in EventStreamSplitter.SlicesAsync(probe, standardJson: true, options.MaxEventBytes, cancellationToken))
        {
            chunk.Add(slice);
            bytes += slice.Raw.Length;
            // Read on every core as many at once as the door stages at once.
            if (chunk.Count == LineageIngestor.Window || bytes >= LineageIngestor.ChunkBytes)
            {
                Settle();
                bytes = 0;
            }
        }

        Settle();

        errors.AddRange(warnings);
        return new Report(events, invalid, probe.HasContent, errors);
    }

    /// <summary>
    /// The job each runId was first seen with, across inputs: each job once, and per run its id and the job's number
    /// (about 32 bytes a run, whatever the names' lengths).
    /// </summary>
    internal sealed class RunJobs
    {
        private readonly Dictionary<JobId, int> _numbers = [];
        private readonly List<JobId> _jobs = [];
        private readonly Dictionary<RunId, int> _runs = [];
        private readonly HashSet<(RunId, int)> _told = [];

        /// <summary>
        /// The job <paramref name="run"/> was first seen with, the first time it comes with another job
        /// <paramref name="job"/> (as the graph makes it a second run then, and says so once); null otherwise.
        /// </summary>
        public JobId? FirstOther(RunId run, JobId job)
        {
            if (!_numbers.TryGetValue(job, out var number))
            {
                number = _jobs.Count;
                _numbers.Add(job, number);
                _jobs.Add(job);
            }

            return _runs.TryAdd(run, number) || _runs[run] == number || !_told.Add((run, number)) ? null : _jobs[_runs[run]];
        }
    }

    private static string Plural(long n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
