using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Tributary.Server.Hosting;

/// <summary>
/// <c>server.json</c> in the store folder: where the server holding the store listens, so that
/// <c>tributary ingest</c> and <c>tributary import</c>, finding the store locked, send their events through it. The
/// server writes it atomically once Kestrel knows its addresses and removes it on a clean stop; a file left by a
/// process that is gone (or by another machine) is stale and ignored.
/// </summary>
/// <param name="Url">The base URL to reach the server from this machine, for example <c>http://127.0.0.1:5000</c>.</param>
/// <param name="Pid">The server's process id.</param>
/// <param name="ProcessStarted">When that process started, so a reused process id is not taken for the server.</param>
/// <param name="Machine">The machine the server runs on.</param>
internal sealed record ServerRegistration(string Url, int Pid, DateTimeOffset ProcessStarted, string Machine)
{
    /// <summary>The file's name inside the store folder: <c>server.json</c>.</summary>
    public const string FileName = "server.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// Has <paramref name="app"/> record its address in its store folder once it listens and remove it when it stops
    /// (nothing for a server on PostgreSQL, or one without network addresses such as the in-memory test server).
    /// </summary>
    public static void Attach(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        if (options.UsesPostgres)
        {
            return;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ServerRegistration).FullName!);
        var path = Path.Combine(Path.GetFullPath(options.Store), FileName);
        ServerRegistration? written = null;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
            if (addresses is null || ReachableUrl(addresses) is not { } url)
            {
                return;
            }

            try
            {
                using var self = Process.GetCurrentProcess();
                var registration = new ServerRegistration(url, self.Id, self.StartTime.ToUniversalTime(), Environment.MachineName);
                registration.Write(path);
                written = registration;
                logger.LogInformation("Recorded {Url} in {Path} so the command line sends its ingests through this server", url, path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(ex, "Could not write {Path}; `tributary ingest` into this store will not find this server by itself", path);
            }
        });
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            if (written is not null)
            {
                Remove(path, written);
            }
        });
    }

    /// <summary>
    /// The server recorded in <paramref name="storeDirectory"/> if its process still runs on this machine; null when
    /// there is no <c>server.json</c>, it does not read, or it is stale.
    /// </summary>
    public static ServerRegistration? FindRunning(string storeDirectory)
    {
        var registration = Read(Path.Combine(Path.GetFullPath(storeDirectory), FileName));
        return registration is not null && registration.IsRunning() ? registration : null;
    }

    /// <summary>
    /// The server already running on the store <paramref name="app"/> is configured for (its <c>server.json</c> path and
    /// contents), or null: none, or a server on PostgreSQL, where several may share the database.
    /// </summary>
    public static (string Path, ServerRegistration Registration)? FindRunning(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        if (options.UsesPostgres || string.IsNullOrWhiteSpace(options.Store))
        {
            return null;
        }

        var path = Path.Combine(Path.GetFullPath(options.Store), FileName);
        return FindRunning(Path.GetDirectoryName(path)!) is { } running ? (path, running) : null;
    }

    /// <summary>Reads a <c>server.json</c>; null when it is missing or does not read.</summary>
    public static ServerRegistration? Read(string path)
    {
        try
        {
            var registration = JsonSerializer.Deserialize<ServerRegistration>(File.ReadAllBytes(path), Json);
            return registration is { Url.Length: > 0, Pid: > 0 } ? registration : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether the recorded process is alive on this machine and is the one that wrote the file.</summary>
    public bool IsRunning()
    {
        if (!string.Equals(Machine, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(Pid);
            return !process.HasExited && (process.StartTime.ToUniversalTime() - ProcessStarted.UtcDateTime).Duration() < TimeSpan.FromSeconds(2);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>
    /// The address to reach the server at from this machine: an http one before https, with a wildcard host
    /// (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) replaced by the loopback address.
    /// </summary>
    public static string? ReachableUrl(IEnumerable<string> addresses)
    {
        string? best = null;
        foreach (var address in addresses)
        {
            BindingAddress binding;
            try
            {
                binding = BindingAddress.Parse(address);
            }
            catch (FormatException)
            {
                continue;
            }

            if (binding.IsUnixPipe || binding.Scheme is not ("http" or "https"))
            {
                continue;
            }

            var host = binding.Host;
            if (host is "+" or "*" or "" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))))
            {
                host = "127.0.0.1";
            }

            var url = $"{binding.Scheme}://{host}:{binding.Port}{binding.PathBase}";
            if (binding.Scheme == "http")
            {
                return url;
            }

            best ??= url;
        }

        return best;
    }

    private void Write(string path)
    {
        var temporary = $"{path}.{Pid}.tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, this, Json);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    // Only the file this server wrote: a server started on the same store after it keeps its own.
    private static void Remove(string path, ServerRegistration written)
    {
        try
        {
            if (Read(path) == written)
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A stale file is ignored by readers; nothing to do.
        }
    }
}
