using System.Diagnostics;

namespace Tributary.Server.Tests.Support;

/// <summary>A real <c>dotnet Tributary.Cli.dll serve</c> child process, for crash tests.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The base address, ending in '/'.</summary>
    public Uri Address { get; }

    /// <summary>Everything the process wrote so far.</summary>
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

    /// <summary>The CLI assembly built beside this test assembly's configuration.</summary>
    public static string CliDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}release", StringComparison.OrdinalIgnoreCase) ? "release" : "debug";
            return Path.Combine(TestData.Repository, "artifacts", "bin", "Tributary.Cli", configuration, "Tributary.Cli.dll");
        }
    }

    /// <summary>
    /// Starts <c>tributary serve</c> over <paramref name="store"/> on a free port, with any further
    /// <paramref name="arguments"/> (such as <c>--api-key</c>), and waits until it answers (a 401 counts: it is up).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string store, int? port = null, params string[] arguments)
    {
        var address = new Uri($"http://127.0.0.1:{port ?? LiveServer.FreePort()}/");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { CliDll, "serve", "--store", store, "--urls", address.ToString().TrimEnd('/') }.Concat(arguments))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Tributary"] = "Information";
        var server = new ServerProcess(Process.Start(info)!, address);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (server._process.HasExited)
            {
                throw new InvalidOperationException("tributary serve exited early:\n" + server.Output);
            }

            try
            {
                using var response = await http.GetAsync("api/v1/stats");
                if (response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
                {
                    // Kestrel answers a moment before the server records its address in the store (server.json),
                    // which is what `tributary ingest` looks for: a test that runs the CLI next waits for that too.
                    if (!arguments.Contains("--postgres"))
                    {
                        await WaitUntilRecordedAsync(store);
                    }

                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering within a request's timeout yet (a busy machine replaying the store).
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                server.Kill();
                throw new TimeoutException("tributary serve did not answer within 60 s:\n" + server.Output);
            }

            await Task.Delay(100);
        }
    }

    // Waits up to a few seconds for the server to record itself in the store (one that cannot write there never does).
    private static async Task WaitUntilRecordedAsync(string store)
    {
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(5); await Task.Delay(20))
        {
            if (Tributary.Server.Hosting.ServerRegistration.FindRunning(store) is not null)
            {
                return;
            }
        }
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>SIGKILL: the process dies at once, with no chance to flush or close anything.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    /// <summary>SIGTERM: asks for a graceful stop and waits for the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Kills the process if it still runs.</summary>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
