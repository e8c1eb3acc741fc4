using Tributary.Model;
using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

public sealed class LineageConfigTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_seed_json_file_is_read()
    {
        var path = Write("lineage_config.json", """
            {
              "base_path": "./data/lineage",
              "enable_persistence": true,
              "track_repository_operations": true,
              "enabled_operation_types": ["read", "write", "transform"],
              "max_graph_nodes": 1000,
              "repository_settings": {
                "equity_bars": { "track_all_operations": true, "enable_volume_tracking": false }
              }
            }
            """);

        var config = LineageConfig.FromFile(path);

        Assert.Empty(config.Validate());
        Assert.True(config.EnablePersistence);
        Assert.Equal(1000, config.MaxGraphNodes);
        Assert.Equal(new HashSet<OperationType> { OperationType.Read, OperationType.Write, OperationType.Transform }, config.EnabledOperationTypes);
        Assert.Equal(new RepositorySettings { TrackAllOperations = true, EnableVolumeTracking = false }, config.RepositorySettings["equity_bars"]);
    }

    [Fact]
    public void Seed_and_openlineage_variables_are_read_from_the_environment()
    {
        var config = LineageConfig.FromEnvironment(new Dictionary<string, string>
        {
            ["LINEAGE_BASE_PATH"] = "/data/lineage",
            ["LINEAGE_ENABLE_PERSISTENCE"] = "true",
            ["LINEAGE_TRACK_REPOS"] = "false",
            ["LINEAGE_MAX_GRAPH_NODES"] = "2000",
            ["OPENLINEAGE_URL"] = "http://marquez:5000",
            ["OPENLINEAGE_API_KEY"] = "key-1",
            ["OPENLINEAGE_ENDPOINT"] = "api/v1/lineage",
            ["OPENLINEAGE_NAMESPACE"] = "trading",
        });

        Assert.Empty(config.Validate());
        Assert.Equal(("/data/lineage", true, false, 2000), (config.BasePath, config.EnablePersistence, config.TrackRepositoryOperations, config.MaxGraphNodes));
        Assert.Equal(("http://marquez:5000", "key-1", "api/v1/lineage"), (config.Transport.Url, config.Transport.ApiKey, config.Transport.Endpoint));
        Assert.Equal("trading", config.Namespace);
    }

    [Fact]
    public void Double_underscore_variables_win_over_the_shortcuts()
    {
        var config = LineageConfig.FromEnvironment(new Dictionary<string, string>
        {
            ["OPENLINEAGE_URL"] = "http://shortcut:5000",
            ["OPENLINEAGE__TRANSPORT__TYPE"] = "http",
            ["OPENLINEAGE__TRANSPORT__URL"] = "https://collector:8443",
            ["OPENLINEAGE__TRANSPORT__AUTH__TYPE"] = "api_key",
            ["OPENLINEAGE__TRANSPORT__AUTH__API_KEY"] = "key-2",
            ["OPENLINEAGE__TRANSPORT__COMPRESSION"] = "gzip",
            ["OPENLINEAGE__TRANSPORT__TIMEOUT"] = "2.5",
        });

        Assert.Empty(config.Validate());
        Assert.Equal(("http", "https://collector:8443", "key-2", "gzip", "2.5"), (config.Transport.Type, config.Transport.Url, config.Transport.ApiKey, config.Transport.Compression, config.Transport.Timeout));
        Assert.IsType<HttpTransport>(config.ToTrackerOptions().Transport);
    }

    [Fact]
    public void Openlineage_yml_is_found_where_openlineage_clients_look_and_the_environment_wins_over_it()
    {
        var home = Directory.CreateDirectory(Path.Combine(_folder, "home", ".openlineage")).Parent!.FullName;
        Write(Path.Combine("home", ".openlineage", "openlineage.yml"), """
            # the user's default
            transport:
              type: http
              url: "http://from-home:5000"   # quoted, with a comment
              endpoint: 'api/v1/lineage'
              auth:
                type: api_key
                apiKey: from-file
              compression: gzip
            """);
        var work = Directory.CreateDirectory(Path.Combine(_folder, "work")).FullName;

        var fromHome = LineageConfig.Load(null, new Dictionary<string, string>(), work, home);
        var overridden = LineageConfig.Load(null, new Dictionary<string, string> { ["OPENLINEAGE_API_KEY"] = "from-env" }, work, home);

        Assert.Empty(fromHome.Validate());
        Assert.Equal(("http://from-home:5000", "api/v1/lineage", "from-file", "gzip"), (fromHome.Transport.Url, fromHome.Transport.Endpoint, fromHome.Transport.ApiKey, fromHome.Transport.Compression));
        Assert.Equal("from-env", overridden.Transport.ApiKey);
    }

    [Fact]
    public void The_current_directory_file_comes_before_the_home_file_and_openlineage_config_before_both()
    {
        var home = Directory.CreateDirectory(Path.Combine(_folder, "home")).FullName;
        Directory.CreateDirectory(Path.Combine(home, ".openlineage"));
        Write(Path.Combine("home", ".openlineage", "openlineage.yml"), "transport:\n  type: console\n");
        var work = Directory.CreateDirectory(Path.Combine(_folder, "work")).FullName;
        Write(Path.Combine("work", "openlineage.yml"), "transport:\n  type: file\n  log_file_path: ./events.ndjson\n");
        var named = Write("named.yml", "transport:\n  type: noop\n");

        var local = LineageConfig.Load(null, new Dictionary<string, string>(), work, home);
        var explicitly = LineageConfig.Load(null, new Dictionary<string, string> { ["OPENLINEAGE_CONFIG"] = named }, work, home);

        Assert.Equal("file", local.Transport.Type);
        Assert.Equal("noop", explicitly.Transport.Type);
        Assert.False(explicitly.ToTrackerOptions().Enabled);
    }

    [Fact]
    public void Openlineage_disabled_turns_tracking_off_whatever_else_is_set()
    {
        var config = LineageConfig.FromEnvironment(new Dictionary<string, string> { ["OPENLINEAGE_URL"] = "http://marquez:5000", ["OPENLINEAGE_DISABLED"] = "true" });

        var tracker = LineageTracker.Create(config);

        Assert.False(tracker.IsEnabled);
    }

    [Fact]
    public void Enabled_operation_types_filter_runs_of_a_tracker_built_from_config()
    {
        var config = LineageConfig.FromEnvironment(new Dictionary<string, string> { ["LINEAGE_ENABLED_OPERATION_TYPES"] = "write, transform" });

        using var tracker = LineageTracker.Create(config.ToTrackerOptions() is var options ? new TrackerOptions { Transport = new InMemoryTransport(), EnabledOperationTypes = options.EnabledOperationTypes } : null!);

        Assert.False(tracker.StartRun(Trackers.Job, OperationType.Read).IsRecording);
        Assert.True(tracker.StartRun(Trackers.Job, OperationType.Transform).IsRecording);
    }

    [Fact]
    public void Persistence_keeps_a_copy_of_every_event_under_the_base_path_and_prints_none_unless_asked()
    {
        var config = LineageConfig.Default with { EnablePersistence = true, BasePath = Path.Combine(_folder, "lineage") };

        var alone = Assert.IsType<FileTransport>(config.ToTrackerOptions().Transport);
        var transport = Assert.IsType<CompositeTransport>((config with { Transport = new TransportConfig { Type = "console" } }).ToTrackerOptions().Transport);

        Assert.Equal(Path.Combine(_folder, "lineage", "events.ndjson"), alone.Path);
        Assert.IsType<ConsoleTransport>(transport.Transports[0]);
        Assert.Equal(Path.Combine(_folder, "lineage", "events.ndjson"), Assert.IsType<FileTransport>(transport.Transports[1]).Path);
    }

    [Fact]
    public void A_bad_url_is_explained_with_the_variable_to_set()
    {
        var config = LineageConfig.FromEnvironment(new Dictionary<string, string> { ["OPENLINEAGE_URL"] = "htp:/x" });

        var problem = Assert.Single(config.Validate());

        Assert.Equal("transport.url 'htp:/x' is not an absolute http(s) URL; set OPENLINEAGE_URL to e.g. http://localhost:5000.", problem);
    }

    [Fact]
    public void A_bad_value_in_a_file_names_the_file_to_change()
    {
        var path = Write("openlineage.yml", "transport:\n  type: http\n  url: localhost:5000\n");

        var problem = Assert.Single(LineageConfig.FromFile(path).Validate());

        Assert.Equal($"transport.url 'localhost:5000' is not an absolute http(s) URL; change transport.url in {path} to e.g. http://localhost:5000.", problem);
    }

    [Fact]
    public void Validate_lists_every_problem_at_once()
    {
        var path = Write("lineage_config.json", """
            {
              "enable_persistance": true,
              "enabled_operation_types": ["read", "raed"],
              "max_graph_nodes": 0,
              "transport": { "type": "http", "compression": "zstd", "timeout": "soon", "auth": { "type": "oauth" } }
            }
            """);

        var problems = LineageConfig.FromFile(path).Validate();

        Assert.Equal(7, problems.Count);
        Assert.Contains(problems, p => p.Contains("unknown setting 'enable_persistance'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'raed' is not an operation type; use read, write, transform", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("max_graph_nodes is 0; it must be at least 1; change max_graph_nodes in", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("transport.type is http but no URL is set; set OPENLINEAGE_URL", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("transport.compression 'zstd' is not supported", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("transport.timeout 'soon' is not a number of seconds", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("transport.auth.type 'oauth' is not supported", StringComparison.Ordinal));
    }

    [Fact]
    public void Unparsable_environment_values_are_reported_with_the_variable_name()
    {
        var config = LineageConfig.FromEnvironment(new Dictionary<string, string> { ["LINEAGE_MAX_GRAPH_NODES"] = "lots", ["LINEAGE_ENABLE_PERSISTENCE"] = "maybe" });

        var problems = config.Validate();

        Assert.Contains("LINEAGE_MAX_GRAPH_NODES is 'lots', which is not a whole number.", problems);
        Assert.Contains("LINEAGE_ENABLE_PERSISTENCE is 'maybe', which is not true or false.", problems);
    }

    [Fact]
    public void Creating_a_tracker_from_an_invalid_config_fails_fast_with_every_problem()
    {
        var config = LineageConfig.FromEnvironment(new Dictionary<string, string> { ["OPENLINEAGE__TRANSPORT__TYPE"] = "kafka", ["LINEAGE_MAX_GRAPH_NODES"] = "-1" });

        var error = Assert.Throws<ArgumentException>(() => LineageTracker.Create(config));

        Assert.Contains("transport.type 'kafka' is not supported; set OPENLINEAGE__TRANSPORT__TYPE to e.g. http", error.Message);
        Assert.Contains("max_graph_nodes is -1", error.Message);
    }

    [Fact]
    public void A_url_with_a_console_transport_is_called_out()
    {
        var path = Write("openlineage.yml", "transport:\n  type: console\n");

        var config = LineageConfig.Default.WithFile(path).WithEnvironment(new Dictionary<string, string> { ["OPENLINEAGE_URL"] = "http://marquez:5000" });

        Assert.Contains("so the URL would be ignored", Assert.Single(config.Validate()));
    }

    [Fact]
    public void A_missing_openlineage_config_file_is_a_problem_not_a_crash()
    {
        var config = LineageConfig.Load(null, new Dictionary<string, string> { ["OPENLINEAGE_CONFIG"] = Path.Combine(_folder, "nope.yml") }, _folder, null);

        Assert.Contains("OPENLINEAGE_CONFIG names", Assert.Single(config.Validate()));
    }

    [Fact]
    public void The_api_key_is_masked_when_the_transport_is_printed()
    {
        var transport = new TransportConfig { Url = "http://x", ApiKey = "very-secret" };

        Assert.DoesNotContain("very-secret", transport.ToString());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
