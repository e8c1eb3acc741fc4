using System.Text.Json.Serialization;
using Tributary.Ingest;
using Tributary.Server.Api;
using Tributary.Server.Hosting;
using Tributary.Server.OpenMetadata;

namespace Tributary.Server;

/// <summary>
/// Builds the Tributary lineage server: the OpenLineage collector, the Marquez-compatible read API, the analyses,
/// the live stream and the web UI, over the embedded event store. <c>tributary serve</c> and the server's own
/// entry point both start it through here.
/// </summary>
/// <example>
/// <code>
/// var app = LineageServer.Build(LineageServer.CreateBuilder(["--Tributary:Store=./lineage", "--urls=http://127.0.0.1:5000"]));
/// await app.RunAsync();
/// </code>
/// </example>
public static class LineageServer
{
    /// <summary>The longest request line (method, path and query) accepted: 512 KiB, room for a 64 KB name percent-encoded.</summary>
    public const int MaxRequestLineBytes = 512 * 1024;

    /// <summary>
    /// Creates the host builder with the usual ASP.NET Core configuration: <c>appsettings.json</c> (beside the
    /// program, then in the working directory), <c>appsettings.{Environment}.json</c>, environment variables
    /// (<c>Tributary__Store</c>) and command-line arguments (<c>--Tributary:Store=dir</c>, <c>--urls</c>), later ones winning.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        // The graph checkpoint is the longest part of a start, so its read begins before the host is even created,
        // from the settings that usually name the store; the host's full configuration confirms it below.
        var early = EarlyCheckpoint(args, overrides) is { } hinted && File.Exists(hinted) ? CheckpointPreload.Start(hinted) : null;
        // The slim host leaves out what the server does not use (IIS, static web assets, hosting startup assemblies,
        // regex route constraints, extra log providers), which is a third of the time to build it; HTTPS endpoints
        // (--urls https://…) are added back.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelHttpsConfiguration();
        AddSettings(builder.Configuration, args, overrides);

        // A node id names a dataset in the query string; names of 64 KB and more are real (generated paths, inline
        // SQL as names), so the request line may be far longer than Kestrel's 8 KB default.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = MaxRequestLineBytes);
        AddLineageServer(builder.Services, builder.Configuration);

        // Kestrel starts listening while the lineage service opens its store; requests wait for it (see Map).
        builder.Services.Configure<HostOptions>(host => host.ServicesStartConcurrently = true);

        // The graph checkpoint is read on another core while the host is built and starts; LineageService takes it
        // when it is its own file, so a preload changes when the first answer comes, never what it says. A preload
        // of another file (the environment's settings named another store) is dropped.
        if (ServerOptions.From(builder.Configuration).CheckpointFile is { } checkpoint && File.Exists(checkpoint))
        {
            builder.Services.AddSingleton(early is not null && early.Path == Path.GetFullPath(checkpoint) ? early : CheckpointPreload.Start(checkpoint));
        }

        return builder;
    }

    // The checkpoint the settings most likely name. A store the caller names (`tributary serve --store DIR`) wins over
    // every other source, so its checkpoint is known without loading any configuration and the read starts tens of
    // milliseconds sooner; otherwise the usual sources are read once ahead of the host's own reading of them.
    private static string? EarlyCheckpoint(string[] args, IEnumerable<KeyValuePair<string, string?>>? overrides)
    {
        string? store = null, postgres = null;
        foreach (var (key, value) in overrides ?? [])
        {
            if (string.Equals(key, ServerOptions.Section + ":" + nameof(ServerOptions.Store), StringComparison.OrdinalIgnoreCase))
            {
                store = value;
            }
            else if (string.Equals(key, ServerOptions.Section + ":" + nameof(ServerOptions.Postgres), StringComparison.OrdinalIgnoreCase))
            {
                postgres = value;
            }
        }

        if (!string.IsNullOrWhiteSpace(store) && postgres is null)
        {
            return LineageReplicaOptions.ForStore(store).CheckpointPath;
        }

        using var settings = new ConfigurationManager();
        settings.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        AddSettings(settings, args, overrides);
        return ServerOptions.From(settings).CheckpointFile;
    }

    // Tributary's own configuration sources, after the host's defaults so they win: appsettings.json in the working
    // directory, environment variables, the command line, then the caller's overrides.
    private static void AddSettings(IConfigurationBuilder configuration, string[] args, IEnumerable<KeyValuePair<string, string?>>? overrides)
    {
        configuration.AddJsonFile(Path.Combine(Environment.CurrentDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
        if (overrides is not null)
        {
            configuration.AddInMemoryCollection(overrides);
        }
    }

    /// <summary>Registers the server's services: options, the lineage service, the live stream, JSON, problem details and OpenAPI.</summary>
    public static IServiceCollection AddLineageServer(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.Section)).PostConfigure(options => options.UseConnectionString(configuration));
        services.AddExceptionHandler<StoreUnavailableHandler>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<EventStream>();
        services.AddSingleton<DecompressionGate>();
        services.AddSingleton<StreamTokens>();
        services.AddSingleton<LineageService>();
        services.AddHostedService(sp => sp.GetRequiredService<LineageService>());
        services.AddOptions<Alerts.AlertSettings>().Bind(configuration.GetSection(Alerts.AlertSettings.Section));
        services.AddSingleton<Alerts.AlertService>();
        services.AddHostedService(sp => sp.GetRequiredService<Alerts.AlertService>());
        services.AddSingleton<ApiKeyAuthentication>();
        services.AddSingleton<OpenMetadata.EntityDirectory>();
        services.AddProblemDetails();
        // Ids need no converters here: their types name the ones in Tributary.Json, the same the CLI writes with.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Tributary lineage server";
            document.Info.Description = "OpenLineage collector, Marquez-compatible lineage API, analyses and live stream.";
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>
    /// Builds the application and maps every endpoint. Once listening, a server on the embedded store records its
    /// address in the store folder (<c>server.json</c>, removed on a clean stop), so the command line's ingests go through it.
    /// </summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        Map(app);
        ServerRegistration.Attach(app);
        return app;
    }

    /// <summary>Adds the middleware and endpoints to an application built elsewhere.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Unexpected exceptions become a 500 problem with details logged, not returned; bad input never gets here.
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // Requests that arrive while the store opens wait for the graph instead of reading half of it.
        var lineage = app.Services.GetRequiredService<LineageService>();
        app.Use(async (context, next) =>
        {
            if (lineage.Opened is { IsCompleted: false } opening)
            {
                await opening.WaitAsync(context.RequestAborted);
            }

            await next(context);
        });
        var authentication = app.Services.GetRequiredService<ApiKeyAuthentication>();
        app.Use((context, next) => authentication.InvokeAsync(context, _ => next()));

        app.MapOpenApi();
        app.MapOpenLineageApi();
        app.MapGraphApi();
        app.MapDatasetsApi();
        app.MapJobsApi();
        app.MapSearchApi();
        app.MapAnalysisApi();
        app.MapIncidentsApi();
        app.MapAlertsApi();
        app.MapExportApi();
        app.MapStreamApi();
        app.MapOpenMetadataApi();
        app.MapMarquezStatsApi();
        app.MapMarquezTagsApi();
        app.MapRunLineageApi();
        app.MapUi();
    }
}
