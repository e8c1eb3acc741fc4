using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Tributary.Server;
using Tributary.Server.Load;
using Tributary.Tests.Support;

namespace Tributary.Tests.Cli;

/// <summary>
/// Two stores, each built by the CLI and then served by an in-process server (real Kestrel on loopback) over the
/// same folder: the demo's store (<c>tributary demo --out DIR</c>) and one holding every concrete event of the
/// shared corpus (<c>tributary ingest FILES --store DIR</c>). The CLI keeps reading them read-only while the
/// server holds them.
/// </summary>
public sealed class ContractStores : IAsyncLifetime
{
    private readonly Dictionary<string, ServedStore> _stores = [];

    public ServedStore this[string name] => _stores[name];

    public async Task InitializeAsync()
    {
        var demo = NewFolder("demo");
        var (code, _, error) = await CliRunner.RunAsync("demo", "--out", demo);
        Assert.True(code == 0, error);

        var corpus = NewFolder("corpus");
        var files = EventTemplates.ConcreteCorpusFiles(TestData.Root);
        Assert.True(files.Count >= 20, $"only {files.Count} concrete corpus files under {TestData.Root}");
        (code, _, error) = await CliRunner.RunAsync([
            "ingest", .. files, "--store", corpus]);
        Assert.True(code == 0, error);

        _stores["demo"] = await ServedStore.StartAsync(demo);
        _stores["corpus"] = await ServedStore.StartAsync(corpus);
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores.Values)
        {
            await store.DisposeAsync();
        }
    }

    private static string NewFolder(string name) => Path.Combine(Path.GetTempPath(), $"tributary-contract-{name}-{Guid.NewGuid():N}");
}

/// <summary>A store folder with a server over it and the nodes a contract test asks about.</summary>
public sealed class ServedStore : IAsyncDisposable
{
    private const int Sample = 10;
    private readonly WebApplication _app;

    private ServedStore(string directory, WebApplication app, HttpClient http)
    {
        Directory = directory;
        _app = app;
        Http = http;
    }

    public string Directory { get; }

    public HttpClient Http { get; }

    /// <summary>Datasets (not dropped), spread over the whole graph.</summary>
    public IReadOnlyList<string> Datasets { get; private set; } = [];

    /// <summary>Jobs, spread over the whole graph.</summary>
    public IReadOnlyList<string> Jobs { get; private set; } = [];

    /// <summary>Fields of datasets that are not dropped, spread over the whole graph.</summary>
    public IReadOnlyList<string> Fields { get; private set; } = [];

    public static async Task<ServedStore> StartAsync(string directory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var address = $"http://127.0.0.1:{FreePort()}";
        var overrides = new Dictionary<string, string?>
        {
            ["Tributary:Store"] = directory,
            ["urls"] = address,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var app = LineageServer.Build(LineageServer.CreateBuilder([], overrides));
        await app.StartAsync();
        var store = new ServedStore(directory, app, new HttpClient { BaseAddress = new Uri(address + "/"), Timeout = TimeSpan.FromMinutes(2) });

        // The nodes to ask about come from the CLI's own export of the whole graph, fields included.
        var (code, output, error) = await CliRunner.RunAsync("export", "--columns", "--format", "json", "--store", directory);
        Assert.True(code == 0, error);
        var nodes = JsonNode.Parse(output)!["nodes"]!.AsArray()
            .Where(n => n!["deleted"] is null)
            .Select(n => (Id: n!["id"]!.GetValue<string>(), Kind: n["kind"]!.GetValue<string>()))
            .ToList();
        store.Datasets = Spread(nodes.Where(n => n.Kind == "dataset").Select(n => n.Id).ToList());
        store.Jobs = Spread(nodes.Where(n => n.Kind == "job").Select(n => n.Id).ToList());
        store.Fields = Spread(nodes.Where(n => n.Kind == "datasetField").Select(n => n.Id).ToList());
        Assert.True(store.Datasets.Count > 0 && store.Jobs.Count > 0 && store.Fields.Count > 0, $"{directory}: {store.Datasets.Count} datasets, {store.Jobs.Count} jobs, {store.Fields.Count} fields");
        return store;
    }

    /// <summary>Runs the CLI on this store and returns what it printed; a failing command fails the test.</summary>
    public async Task<string> CliAsync(params string[] args)
    {
        var (code, output, error) = await CliRunner.RunAsync([.. args, "--store", Directory]);
        Assert.True(code == 0, $"tributary {string.Join(' ', args)} exited {code}: {error}");
        return output;
    }

    /// <summary>GETs a server path and returns the body; anything but 200 fails the test.</summary>
    public async Task<string> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static List<string> Spread(List<string> ids)
    {
        ids.Sort(StringComparer.Ordinal);
        if (ids.Count <= Sample)
        {
            return ids;
        }

        return [.. Enumerable.Range(0, Sample).Select(i => ids[i * ids.Count / Sample])];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
