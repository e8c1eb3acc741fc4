using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;

namespace Tributary.Server.Tests.Support;

/// <summary>The server on real Kestrel over loopback (for browsers and load), in this process, on a free port.</summary>
public sealed class LiveServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LiveServer(WebApplication app, Uri address, string store)
    {
        _app = app;
        Address = address;
        StorePath = store;
    }

    /// <summary>The base address, ending in '/'.</summary>
    public Uri Address { get; }

    /// <summary>The store folder.</summary>
    public string StorePath { get; }

    /// <summary>The server's services (its <c>LineageService</c>, for example).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server over <paramref name="store"/>.</summary>
    public static async Task<LiveServer> StartAsync(string store, IDictionary<string, string?>? settings = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}/");
        var overrides = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Tributary:Store"] = store,
            ["urls"] = address.ToString().TrimEnd('/'),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var app = LineageServer.Build(LineageServer.CreateBuilder([], overrides));
        await app.StartAsync();
        return new LiveServer(app, address, store);
    }

    /// <summary>A port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops gracefully: requests finish, then the store is flushed and closed.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
