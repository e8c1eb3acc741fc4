using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Tributary.Server.Tests.Support;

/// <summary>The server in-process (TestServer) over a fresh temporary store, with optional extra settings.</summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory _store = new();
    private readonly Dictionary<string, string?> _settings;

    /// <summary>Creates the factory; <paramref name="settings"/> are configuration keys such as <c>Tributary:MaxEventBytes</c>.</summary>
    public ServerFactory(IDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Tributary:Store"] = _store.Path,
            ["Logging:LogLevel:Default"] = "Warning",
        };
    }

    /// <summary>The store folder.</summary>
    public string StorePath => _store.Path;

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Tributary:Store", _store.Path);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _store.Dispose();
        }
    }
}
