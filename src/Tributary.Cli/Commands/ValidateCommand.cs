using System.CommandLine;
using Tributary.Export;
using Tributary.Json;
using Tributary.Model;

namespace Tributary.Cli.Commands;

/// <summary><c>tributary validate &lt;file|dir&gt;...</c>: checks OpenLineage event files and prints OK or each error with its JSON path.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Event files (JSON, JSON array or NDJSON), folders to search for *.json, *.ndjson and *.jsonl files, or - for standard input.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("validate", "Check OpenLineage event files; exit code 0 only when every event is valid.") { paths };
        Output.CommandAction.Set(command, (result, _) => Task.FromResult(Run(result.GetValue(paths)!, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error)));
        return command;
    }

    internal static int Run(IReadOnlyList<string> paths, TextWriter output, TextWriter error, TextReader? input = null)
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
                    error.WriteLine(VisibleText.Escape($"tributary validate: the folder '{path}' holds no *.json, *.ndjson or *.jsonl files; give event files or a folder of them"));
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
        var events = 0;
        var runJobs = new Dictionary<RunId, JobId>();
        // The same limit the ingest door applies, so a file that validates is a file that ingests.
        var maxEventBytes = Ingest.LineageIngestorOptions.Default.MaxEventBytes;
        foreach (var file in files)
        {
            var content = file == "-" ? ReadStandardInput(input) : File.ReadAllBytes(file);
            var name = file == "-" ? "<stdin>" : file;
            var results = LineageJson.ReadMany(content, LineageReadOptions.Strict).ToList();
            events += results.Count;
            var errors = results.Where(r => !r.IsSuccess || r.Raw.Length > maxEventBytes).ToList();
            if (results.Count == 0)
            {
                invalidFiles++;
                output.WriteLine(VisibleText.Escape(content.Length == 0 || content.AsSpan().Trim(" \t\r\n\uFEFF"u8).IsEmpty
                    ? $"{name}: ERROR empty: no events (the input has no content)"
                    : $"{name}: ERROR no events found"));
            }
            else if (errors.Count == 0)
            {
                output.WriteLine(VisibleText.Escape($"{name}: OK ({Plural(results.Count, "event")})"));
            }
            else
            {
                invalidFiles++;
                output.WriteLine(VisibleText.Escape($"{name}: {Plural(errors.Count, "invalid event")} of {results.Count}"));
                foreach (var result in errors)
                {
                    if (result.IsSuccess)
                    {
                        output.WriteLine(VisibleText.Escape($"  line {result.Line}: $: the event is {result.Raw.Length} bytes; at most {maxEventBytes} are accepted"));
                    }

                    foreach (var e in result.Errors)
                    {
                        output.WriteLine(VisibleText.Escape($"  line {result.Line}: {e.Path}: {e.Message}"));
                    }
                }
            }

            foreach (var result in results.Where(r => r.IsSuccess))
            {
                foreach (var w in result.Warnings)
                {
                    output.WriteLine(VisibleText.Escape($"  line {result.Line}: warning: {w.Path}: {w.Message}"));
                }

                // A runId sent by two jobs becomes two runs at ingest; producers that reuse ids usually mean one.
                if (result.Event is RunEvent run && !runJobs.TryAdd(run.Run.RunId, run.Job.Id) && runJobs[run.Run.RunId] != run.Job.Id)
                {
                    output.WriteLine(VisibleText.Escape($"  line {result.Line}: warning: $.run.runId: {run.Run.RunId} is also used by job {runJobs[run.Run.RunId]}; it will be kept as a separate run of job {run.Job.Id}"));
                }
            }
        }

        output.WriteLine($"{Plural(files.Count, "file")}, {Plural(events, "event")}, {invalidFiles} with errors");
        return invalidFiles == 0 && files.Count > 0 ? 0 : 1;
    }

    private static byte[] ReadStandardInput(TextReader? input)
    {
        if (input is not null)
        {
            return System.Text.Encoding.UTF8.GetBytes(input.ReadToEnd());
        }

        using var buffer = new MemoryStream();
        Console.OpenStandardInput().CopyTo(buffer);
        return buffer.ToArray();
    }

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
