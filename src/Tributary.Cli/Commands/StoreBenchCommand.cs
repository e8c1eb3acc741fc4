using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Tributary.Cli.Output;

namespace Tributary.Cli.Commands;

/// <summary>
/// <c>tributary bench store</c>: issue 9's figures on a realistic store, each beside its ceiling measured in the same
/// run. Writes <see cref="StoreWorkload"/>'s NDJSON to a temporary folder, times <c>JsonDocument.Parse</c> of every
/// event once on one thread (the ceiling), then runs the real command line as child processes: <c>tributary ingest</c>,
/// <c>tributary upstream X --depth 20</c> (median of several runs, process start included) and <c>tributary serve</c>
/// (start to the first 200 of an upstream lineage request, then its resident memory beside the NDJSON's size).
/// </summary>
internal static class StoreBenchCommand
{
    private const int Depth = 20;
    private const double Megabyte = 1 << 20; // MB here is 2^20 bytes, as in the other bench figures

    public static Command Create()
    {
        var events = new Option<int>("--events") { Description = "RunEvents in the store (a START and a COMPLETE per run, about 3.4 KB each).", DefaultValueFactory = _ => 100_000 };
        var jobs = new Option<int>("--jobs") { Description = "Jobs; 25-stage pipelines, one source table per pipeline, one table written per job.", DefaultValueFactory = _ => 50_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed writes the same bytes.", DefaultValueFactory = _ => 9 };
        var queries = new Option<int>("--queries") { Description = "Runs of the CLI query, of `tributary --version` and of `tributary serve` to its first answer (the medians are reported).", DefaultValueFactory = _ => 5 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds each child process may take before it is killed and the bench fails.", DefaultValueFactory = _ => 1200 };
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary folder (events and store) and print its path." };
        var command = new Command("store", "Issue 9's figures on a realistic store: ingest, a CLI query and server start to first answer beside the one-core JSON parse of the events, and the server's resident memory beside the events' bytes.")
        {
            events, jobs, seed, queries, timeout, keep,
        };
        CommandAction.Set(command, (result, ct) => RunAsync(
            result.GetValue(events), result.GetValue(jobs), result.GetValue(seed), result.GetValue(queries),
            TimeSpan.FromSeconds(result.GetValue(timeout)), result.GetValue(keep), result.InvocationConfiguration, ct));
        return command;
    }

    private static async Task RunAsync(int events, int jobs, int seed, int queries, TimeSpan timeout, bool keep, InvocationConfiguration io, CancellationToken ct)
    {
        if (events < 2 || jobs < 1 || queries < 1 || timeout <= TimeSpan.Zero)
        {
            throw new CliException("need --events >= 2, --jobs >= 1, --queries >= 1 and --timeout >= 1");
        }

        var output = io.Output;
        var tributary = TributaryExecutable.Find();
        var root = Path.Combine(Path.GetTempPath(), $"tributary-bench-store-{Guid.NewGuid():N}");
        var eventsFile = Path.Combine(root, "events.ndjson");
        var store = Path.Combine(root, "store");
        Directory.CreateDirectory(root);
        try
        {
            var watch = Stopwatch.StartNew();
            var workload = new StoreWorkload(events, jobs, seed);
            var (bytes, datasets) = workload.WriteNdjson(eventsFile);
            var megabytes = bytes / Megabyte;
            Line(output, "store.workload", Invariant($"{events} events ({workload.Runs} runs of {workload.JobsUsed} jobs), {datasets} datasets, {StoreWorkload.Columns} columns each: {megabytes:F1} MB NDJSON, {bytes / (double)events:F0} bytes per event, in {root} (generated in {watch.Elapsed.TotalSeconds:F1} s)"));

            var parse = ParseCeiling(eventsFile, events);
            var ceiling = Seconds(parse) + " parse";
            Line(output, "store.ceiling.parse", Invariant($"{Seconds(parse),-10} JsonDocument.Parse of every event once, one thread ({megabytes / parse.TotalSeconds:F0} MB/s, {BenchCeilings.Passes})"));
            GC.Collect();

            var start = new List<TimeSpan>();
            for (var i = 0; i < queries; i++)
            {
                start.Add((await tributary.RunAsync(["--version"], root, timeout, ct)).Elapsed);
            }

            Ratio(output, "store.process.start", Median(start), ceiling, parse, Invariant($"`tributary --version`, median of {queries} (min {start.Min().TotalSeconds:F3} s): the floor of every CLI figure"));

            var ingest = await tributary.RunAsync(["ingest", eventsFile, "--store", store], root, timeout, ct);
            Ratio(output, "store.ingest", ingest.Elapsed, ceiling, parse, Invariant($"`tributary ingest events.ndjson --store DIR`: {LastLine(ingest.Output).Split(" into ")[0]}"));

            var node = workload.DeepDataset.ToString();
            var query = new List<TimeSpan>();
            var queryCpu = new List<TimeSpan>();
            var answer = "";
            for (var i = 0; i < queries; i++)
            {
                var cpuBefore = CpuClocks.ChildrenTime();
                var run = await tributary.RunAsync(["upstream", node, "--depth", Depth.ToString(CultureInfo.InvariantCulture), "--store", store], root, timeout, ct);
                query.Add(run.Elapsed);
                if (CpuClocks.ChildrenTime() - cpuBefore is { } cpu)
                {
                    queryCpu.Add(cpu);
                }

                answer = run.Output;
            }

            var size = System.Text.RegularExpressions.Regex.Match(answer, @"[0-9]+ nodes, [0-9]+ edges") is { Success: true } m ? m.Value : "answer size not printed";
            Ratio(output, "store.query.cli", Median(query), ceiling, parse, Invariant($"`tributary upstream {node} --depth {Depth} --store DIR`, median of {queries} (min {query.Min().TotalSeconds:F2} s, max {query.Max().TotalSeconds:F2} s) incl. process start, {size}; target <= 0.5x and < 0.3 s{CpuNote(queryCpu, parse)}"));

            // Several starts, as for the query: one start's time swings with what else the machine does.
            var serve = new List<TimeSpan>();
            var serveCpu = new List<TimeSpan>();
            var memory = "";
            for (var i = 0; i < queries; i++)
            {
                var (first, cpu, rss) = await ServeAsync(tributary, store, root, node, bytes, measureMemory: i == queries - 1, timeout, io.Error, ct);
                serve.Add(first);
                if (cpu is { } c)
                {
                    serveCpu.Add(c);
                }

                memory = rss ?? memory;
            }

            Ratio(output, "store.serve.first_answer", Median(serve), ceiling, parse, Invariant($"`tributary serve --store DIR` start to the first 200 of GET /api/v1/lineage?nodeId=…&depth={Depth}, median of {queries} starts (min {serve.Min().TotalSeconds:F2} s, max {serve.Max().TotalSeconds:F2} s); target <= 0.5x{CpuNote(serveCpu, parse)}"));
            Line(output, "store.serve.rss", memory);
        }
        finally
        {
            if (keep)
            {
                output.WriteLine($"kept {root}");
            }
            else
            {
                TryDelete(root);
            }
        }
    }

    // Starts `tributary serve` and times its first answer, with the process's CPU time; with measureMemory, also its
    // resident memory after a second answer, as the figure's line.
    private static async Task<(TimeSpan First, TimeSpan? Cpu, string? Memory)> ServeAsync(TributaryExecutable tributary, string store, string root, string node, long eventBytes, bool measureMemory, TimeSpan timeout, TextWriter error, CancellationToken ct)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var lineageUrl = new Uri($"{baseUrl}/api/v1/lineage?nodeId={Uri.EscapeDataString(node)}&depth={Depth}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);

        // API keys off: no --api-key, and none inherited from the environment.
        using var server = tributary.Start(["serve", "--store", store, "--urls", baseUrl], root, removeEnvironment: name => name.StartsWith("Tributary__ApiKeys", StringComparison.OrdinalIgnoreCase));
        var lastProblem = "no answer yet";
        try
        {
            while (true)
            {
                if (server.HasExited)
                {
                    throw new CliException($"`tributary serve` exited with code {server.ExitCode} before answering; its output:{Environment.NewLine}{server.Output}{server.Error}");
                }

                if (deadline.IsCancellationRequested)
                {
                    ct.ThrowIfCancellationRequested();
                    throw new CliException($"`tributary serve` did not answer {lineageUrl} with 200 within {timeout.TotalSeconds:F0} s ({lastProblem})");
                }

                try
                {
                    using var response = await http.GetAsync(lineageUrl, deadline.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        await response.Content.ReadAsByteArrayAsync(deadline.Token);
                        break;
                    }

                    lastProblem = $"last status {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(deadline.Token)}";
                }
                catch (HttpRequestException ex)
                {
                    lastProblem = ex.Message; // not listening yet
                }
                catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
                {
                    lastProblem = "a request timed out";
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    continue;
                }

                await Task.Delay(20, CancellationToken.None);
            }

            var first = server.Elapsed;
            var serverCpu = server.ProcessorTime();
            if (!measureMemory)
            {
                return (first, serverCpu, null);
            }

            // A forced answer after the first, so the memory is that of a server that has answered, then the graph's size.
            using (var again = await http.GetAsync(lineageUrl, deadline.Token))
            {
                again.EnsureSuccessStatusCode();
                await again.Content.ReadAsByteArrayAsync(deadline.Token);
            }

            var (rss, peak) = server.ResidentBytes();
            var sizes = await GraphSizesAsync(http, new Uri($"{baseUrl}/api/v1/stats?groupBy=operation"), deadline.Token);
            return (first, serverCpu, Invariant($"{Invariant($"{rss / Megabyte:F0} MB"),-10} ceiling {Invariant($"{eventBytes / Megabyte:F1} MB NDJSON"),-16} ratio {rss / (double)eventBytes,6:F2}x  VmRSS after two answers (peak {peak / Megabyte:F0} MB); target <= 500 MB; {sizes}, {RssPer(rss, sizes)}"));
        }
        finally
        {
            // Stopped before the next start, which would otherwise find the store still served and say so.
            if (await server.StopAsync(TimeSpan.FromSeconds(15)) is { } stop)
            {
                error.WriteLine("tributary bench store: " + stop);
            }
        }
    }

    private static async Task<GraphSizes> GraphSizesAsync(HttpClient http, Uri stats, CancellationToken ct)
    {
        using var response = await http.GetAsync(stats, ct);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
        var r = document.RootElement;
        long Get(string name) => r.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : 0;
        return new GraphSizes(Get("datasets"), Get("jobs"), Get("runs"), Get("fields"), Get("edges"));
    }

    private static string RssPer(long rss, GraphSizes sizes)
    {
        var nodes = sizes.Datasets + sizes.Jobs + sizes.Runs + sizes.Fields;
        return Invariant($"{rss / (double)Math.Max(1, nodes):F0} bytes per node, {rss / (double)Math.Max(1, sizes.Edges):F0} per edge (whole process)");
    }

    /// <summary>The fastest single-threaded pass of <c>JsonDocument.Parse</c> over every line of the file (see BenchCeilings).</summary>
    private static TimeSpan ParseCeiling(string path, int expected)
    {
        var content = File.ReadAllBytes(path);
        var lines = BenchCeilings.Lines(content);
        return lines.Count == expected
            ? BenchCeilings.ParseOneCore(content, lines)
            : throw new CliException($"expected {expected} events in {path}, found {lines.Count} lines");
    }

    // On a shared machine a child's wall time includes waits for a core; its CPU time (all threads) is printed beside it.
    private static string CpuNote(List<TimeSpan> cpu, TimeSpan parse) =>
        cpu.Count == 0 ? "" : Invariant($"; CPU time of the process {Median(cpu).TotalSeconds:F3} s = {Median(cpu) / parse:F2}x (all its threads, so it can exceed the wall time)");

    private static TimeSpan Median(List<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    private static void Ratio(TextWriter output, string name, TimeSpan figure, string ceiling, TimeSpan parse, string details) =>
        Line(output, name, Invariant($"{Seconds(figure),-10} ceiling {ceiling,-16} ratio {figure / parse,6:F2}x  {details}"));

    private static string Seconds(TimeSpan time) => Invariant($"{time.TotalSeconds:F3} s");

    private static void Line(TextWriter output, string name, string value) => output.WriteLine($"{name,-26} {value}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Deletes a bench's temporary folder, leaving it if a child still holds a file.</summary>
    internal static void TryDelete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A child may still hold a file for a moment; leave the folder rather than fail the bench.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed record GraphSizes(long Datasets, long Jobs, long Runs, long Fields, long Edges)
    {
        public override string ToString() => Invariant($"{Datasets} datasets, {Jobs} jobs, {Runs} runs, {Fields} fields, {Edges} edges");
    }

    /// <summary>
    /// How to start the command line that is running now: the same host and the CLI's own assembly. Run as
    /// <c>dotnet Tributary.Cli.dll</c> that is the process path plus this assembly; run as the <c>Tributary.Cli</c>
    /// apphost it is the process path alone; hosted elsewhere (a test host) it is the dotnet host (or the apphost)
    /// beside this assembly. A child gets what the <c>tributary</c> script would set for its command (no tiered PGO and
    /// no tiering delay for every command but <c>serve</c> and <c>bench</c>; server GC with all its heaps from the start
    /// for <c>serve</c> and <c>ingest</c>; a 1 MB large-object threshold for <c>serve</c>, 128 MB for <c>ingest</c>; a 256 MB gen0
    /// budget for <c>serve</c>; no quick
    /// compilation and tier-up after 1,000 calls for <c>ingest</c>, and no tiering at all for one of less than 128 MB of files), so its figure is the one a user
    /// sees.
    /// </summary>
    internal sealed record TributaryExecutable(string FileName, IReadOnlyList<string> Prefix)
    {
        private static readonly string[] ShortCommandTiering = ["DOTNET_TieredPGO", "DOTNET_TC_CallCountingDelayMs"];
        private static readonly (string Name, string Value)[] ServerCollector = [("DOTNET_gcServer", "1"), ("DOTNET_GCDynamicAdaptationMode", "0")];
        private const string OtherCommandsGen0 = "0x8000000"; // the script's gen0 budget for every command but the server
        private const string ServerGen0 = "0x10000000"; // and the server's
        private const long SmallIngestBytes = 128L << 20; // the script's bound for an ingest without tiering

        public static TributaryExecutable Find()
        {
            var assembly = typeof(StoreBenchCommand).Assembly.Location;
            if (string.IsNullOrEmpty(assembly) || !File.Exists(assembly))
            {
                throw new CliException("cannot find the tributary executable: the command line's assembly has no file location (a single-file publish?); run the bench from a normal build");
            }

            var process = Environment.ProcessPath;
            if (process is not null && IsDotnet(process))
            {
                return WithDotnet(process, assembly);
            }

            if (process is not null && Path.GetFileNameWithoutExtension(process).Equals("Tributary.Cli", StringComparison.OrdinalIgnoreCase))
            {
                return new(process, []);
            }

            var apphost = Path.Combine(Path.GetDirectoryName(assembly)!, OperatingSystem.IsWindows() ? "Tributary.Cli.exe" : "Tributary.Cli");
            if (File.Exists(apphost))
            {
                return new(apphost, []);
            }

            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : OnPath(OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            return dotnet is not null
                ? WithDotnet(dotnet, assembly)
                : throw new CliException($"cannot find the tributary executable: this process is {process ?? "unknown"}, there is no apphost at {apphost} and no dotnet host on PATH or in DOTNET_HOST_PATH");
        }

        public async Task<ChildResult> RunAsync(IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken ct)
        {
            var cpuBefore = CpuClocks.ChildrenTime();
            using var child = Start(arguments, workingDirectory);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            try
            {
                await child.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new CliException($"`{child.CommandLine}` did not finish within {timeout.TotalSeconds:F0} s and was killed (see --timeout)");
            }

            var elapsed = child.Elapsed;
            var cpu = CpuClocks.ChildrenTime() - cpuBefore;
            return child.ExitCode == 0
                ? new ChildResult(elapsed, child.Output) { Cpu = cpu, Error = child.Error }
                : throw new CliException($"`{child.CommandLine}` exited with code {child.ExitCode} after {elapsed.TotalSeconds:F1} s:{Environment.NewLine}{Tail(child.Error + child.Output)}");
        }

        public ChildProcess Start(IReadOnlyList<string> arguments, string workingDirectory, Func<string, bool>? removeEnvironment = null)
        {
            var info = new ProcessStartInfo(FileName)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in Prefix.Concat(arguments))
            {
                info.ArgumentList.Add(argument);
            }

            info.Environment["NO_COLOR"] = "1";
            info.Environment.Remove("TRIBUTARY_STORE");
            if (arguments.Count > 0 && arguments[0] is not ("serve" or "bench"))
            {
                // What the tributary script gives a short command (see the script), so a figure is what a user gets.
                foreach (var name in ShortCommandTiering)
                {
                    info.Environment.TryAdd(name, "0");
                }
            }

            if (arguments.Count > 0 && arguments[0] is ("serve" or "ingest"))
            {
                // And the collector it gives the server and a bulk ingest.
                foreach (var (name, value) in ServerCollector)
                {
                    info.Environment.TryAdd(name, value);
                }
            }

            if (arguments.Count > 0 && arguments[0] is "serve")
            {
                // And the server's large-object threshold (request bodies die young in gen0), and its gen0 budget where
                // this process has the one the script gives other commands (so not one set explicitly).
                info.Environment.TryAdd("DOTNET_GCLOHThreshold", "0x100000");
                if (Environment.GetEnvironmentVariable("DOTNET_GCgen0size") is null or OtherCommandsGen0)
                {
                    info.Environment["DOTNET_GCgen0size"] = ServerGen0;
                }
            }
            else if (arguments.Count > 0 && arguments[0] is "ingest")
            {
                // And a bulk ingest's (the graph's growing arrays start in gen0, not on the large-object heap), its
                // compilation (a method without ahead-of-time code compiled once, fully optimised; one with it compiled
                // again only after 1,000 calls), and its blocking full collections (one where a background one needed a
                // second to free anything).
                info.Environment.TryAdd("DOTNET_GCLOHThreshold", "0x8000000");
                info.Environment.TryAdd("DOTNET_TC_QuickJit", "0");
                info.Environment.TryAdd("DOTNET_TC_CallCountThreshold", "1000");
                info.Environment.TryAdd("DOTNET_gcConcurrent", "0");
                if (IngestInputBytes(arguments) < SmallIngestBytes)
                {
                    // And a small input's ahead-of-time code kept, without tiering (the script says why).
                    info.Environment.TryAdd("DOTNET_TieredCompilation", "0");
                }
            }

            foreach (var name in info.Environment.Keys.Where(k => removeEnvironment?.Invoke(k) == true).ToList())
            {
                info.Environment.Remove(name);
            }

            return ChildProcess.Start(info, string.Join(' ', ["tributary", .. arguments]));
        }

        // The bytes of the files and folders an ingest's arguments name, as the script counts them, or null when one of
        // them is standard input or does not exist.
        internal static long? IngestInputBytes(IReadOnlyList<string> arguments)
        {
            var total = 0L;
            for (var i = 1; i < arguments.Count; i++)
            {
                switch (arguments[i])
                {
                    case "--store" or "--server" or "--api-key":
                        i++;
                        continue;
                    case "-":
                        return null;
                    case var option when option.StartsWith('-'):
                        continue;
                    case var file when File.Exists(file):
                        total += new FileInfo(file).Length;
                        continue;
                    case var folder when Directory.Exists(folder):
                        total += Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                        continue;
                    default:
                        return null;
                }
            }

            return total;
        }

        private static TributaryExecutable WithDotnet(string dotnet, string assembly)
        {
            var runtimeConfig = Path.ChangeExtension(assembly, ".runtimeconfig.json");
            return File.Exists(runtimeConfig)
                ? new(dotnet, [assembly])
                : throw new CliException($"cannot run the tributary command line with {dotnet}: {runtimeConfig} is missing");
        }

        private static bool IsDotnet(string path) => Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase);

        private static string? OnPath(string name) =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

        private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];
    }

    internal sealed record ChildResult(TimeSpan Elapsed, string Output)
    {
        /// <summary>
        /// The CPU time (user and system) of the children this process reaped while the child ran, where the platform
        /// tells (null elsewhere): the child's own when it is the only one, as the benches run them.
        /// </summary>
        public TimeSpan? Cpu { get; init; }

        /// <summary>What the child wrote on standard error.</summary>
        public string Error { get; init; } = "";
    }

    /// <summary>
    /// A started child process whose output is drained as it comes (so it never blocks on a full pipe), timed from
    /// just before its start, and killed if it is still running when disposed or when this process exits.
    /// </summary>
    internal sealed class ChildProcess : IDisposable
    {
        private const int SigInt = 2;
        private const int SigTerm = 15;
        private const int MaxCapture = 1 << 20;
        private static readonly ConcurrentDictionary<int, Process> Running = new();
        private static int _exitHookInstalled;
        private readonly Process _process;
        private readonly long _started;
        private readonly StringBuilder _output = new();
        private readonly StringBuilder _error = new();
        private long _exited; // the Stopwatch timestamp of the exit, 0 while it runs

        private ChildProcess(Process process, string commandLine, long started)
        {
            _process = process;
            CommandLine = commandLine;
            _started = started;
        }

        public string CommandLine { get; }

        public bool HasExited => _process.HasExited;

        public int ExitCode => _process.ExitCode;

        /// <summary>Time from just before the start to the exit, or to now while it runs.</summary>
        public TimeSpan Elapsed => Interlocked.Read(ref _exited) is var exited and not 0
            ? Stopwatch.GetElapsedTime(_started, exited)
            : Stopwatch.GetElapsedTime(_started);

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public string Error
        {
            get
            {
                lock (_error)
                {
                    return _error.ToString();
                }
            }
        }

        public static ChildProcess Start(ProcessStartInfo info, string commandLine)
        {
            if (Interlocked.Exchange(ref _exitHookInstalled, 1) == 0)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
            }

            var process = new Process { StartInfo = info, EnableRaisingEvents = true };
            var started = Stopwatch.GetTimestamp();
            ChildProcess? child = null;
            try
            {
                if (!process.Start())
                {
                    throw new CliException($"could not start {info.FileName}");
                }
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                process.Dispose();
                throw new CliException($"could not start {info.FileName} ({ex.Message})");
            }

            child = new ChildProcess(process, commandLine, started);
            process.Exited += (_, _) => child.MarkExited();
            Running[process.Id] = process;
            process.OutputDataReceived += (_, e) => Append(child._output, e.Data);
            process.ErrorDataReceived += (_, e) => Append(child._error, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.StandardInput.Close();
            return child;
        }

        public async Task WaitForExitAsync(CancellationToken ct)
        {
            try
            {
                await _process.WaitForExitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                Kill();
                throw;
            }

            MarkExited();
            await _process.WaitForExitAsync(CancellationToken.None); // the output is fully drained after this
        }

        /// <summary>The CPU time the running process has used so far (all threads), or null once it has exited.</summary>
        public TimeSpan? ProcessorTime()
        {
            try
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>Resident and peak resident bytes: VmRSS and VmHWM from /proc on Linux, the working set elsewhere.</summary>
        public (long Resident, long Peak) ResidentBytes()
        {
            var status = $"/proc/{_process.Id}/status";
            if (File.Exists(status))
            {
                long resident = 0, peak = 0;
                foreach (var line in File.ReadLines(status))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        resident = Kilobytes(line);
                    }
                    else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        peak = Kilobytes(line);
                    }
                }

                return (resident, peak);
            }

            _process.Refresh();
            return (_process.WorkingSet64, _process.PeakWorkingSet64);
        }

        /// <summary>
        /// Ctrl+C (SIGINT) first, then SIGTERM, each given <paramref name="grace"/>, then a kill; returns what went
        /// wrong, or null. A process started from a shell's background job inherits SIGINT ignored, so then SIGTERM
        /// (which the server also handles gracefully) goes first.
        /// </summary>
        public async Task<string?> StopAsync(TimeSpan grace)
        {
            if (_process.HasExited)
            {
                return null;
            }

            if (OperatingSystem.IsWindows())
            {
                Kill();
                return $"`{CommandLine}` was killed (no Ctrl+C to send on Windows)";
            }

            foreach (var signal in IgnoresSigInt() ? new[] { SigTerm } : [SigInt, SigTerm])
            {
                if (SendSignal(_process.Id, signal) != 0)
                {
                    break;
                }

                using var wait = new CancellationTokenSource(grace);
                try
                {
                    await _process.WaitForExitAsync(wait.Token);
                    return _process.ExitCode == 0 ? null : $"`{CommandLine}` exited with code {_process.ExitCode} after {(signal == SigInt ? "Ctrl+C" : "SIGTERM")}:{Environment.NewLine}{Error}";
                }
                catch (OperationCanceledException)
                {
                    // Not stopped yet: the next signal, or the kill.
                }
            }

            Kill();
            return $"`{CommandLine}` did not stop within {grace.TotalSeconds:F0} s of Ctrl+C or SIGTERM, so it was killed";
        }

        // SigIgn in /proc/PID/status is a hexadecimal mask with bit n-1 set for each ignored signal n.
        private bool IgnoresSigInt()
        {
            try
            {
                var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
                return line is not null
                    && ulong.TryParse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
                    && (mask & (1UL << (SigInt - 1))) != 0;
            }
            catch (IOException)
            {
                return false;
            }
        }

        public void Dispose()
        {
            Kill();
            Running.TryRemove(_process.Id, out _);
            _process.Dispose();
        }

        private void MarkExited() => Interlocked.CompareExchange(ref _exited, Stopwatch.GetTimestamp(), 0);

        private void Kill()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(5_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        private static void KillAll()
        {
            foreach (var process in Running.Values)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }
                catch (System.ComponentModel.Win32Exception)
                {
                }
            }
        }

        private static void Append(StringBuilder buffer, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (buffer)
            {
                if (buffer.Length > MaxCapture)
                {
                    buffer.Remove(0, buffer.Length / 2); // keep the end: that is where errors are
                }

                buffer.AppendLine(line);
            }
        }

        private static long Kilobytes(string line) =>
            long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;

        // .NET cannot send a signal other than SIGKILL; libc's kill can. Blittable, so DllImport (no unsafe code).
        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int SendSignal(int pid, int signal);
    }
}
