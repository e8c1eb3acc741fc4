using System.Globalization;
using Tributary.Model;

namespace Tributary.Tracking;

// Reading: every source becomes a ConfigTree and is applied over the configuration so far.
public sealed partial record LineageConfig
{
    // Keys other OpenLineage clients put in openlineage.yml; Tributary ignores them rather than calling them typos.
    private static readonly HashSet<string> _otherClientKeys = new(StringComparer.Ordinal)
    {
        "facets", "filters", "circuit_breaker", "dataset", "job", "run", "metrics", "tags",
    };

    /// <summary>This configuration with the settings of a file applied over it (see <see cref="FromFile"/>).</summary>
    public LineageConfig WithFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var text = File.ReadAllText(path);
        var problems = new List<string>();
        var yaml = Path.GetExtension(path).ToLowerInvariant() is ".yml" or ".yaml";
        var tree = yaml ? YamlReader.Read(text, path, problems) : ConfigTree.FromJson(text, path, problems);
        var config = Apply(tree, key => $"{key} in {path}", path, problems);
        return problems.Count == 0 ? config : config with { ReadProblems = [.. config.ReadProblems, .. problems] };
    }

    /// <summary>This configuration with environment variables applied over it (see <see cref="FromEnvironment()"/>).</summary>
    public LineageConfig WithEnvironment(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var problems = new List<string>();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var tree = new Dictionary<string, object?>(StringComparer.Ordinal);
        void Take(string variable, string key)
        {
            if (variables.GetValueOrDefault(variable) is { Length: > 0 } value)
            {
                tree[key] = value;
                labels[key] = variable;
            }
        }

        Take("LINEAGE_BASE_PATH", "base_path");
        Take("LINEAGE_ENABLE_PERSISTENCE", "enable_persistence");
        Take("LINEAGE_TRACK_REPOS", "track_repository_operations");
        Take("LINEAGE_MAX_GRAPH_NODES", "max_graph_nodes");
        Take("LINEAGE_OPERATION_RETENTION_HOURS", "operation_retention_hours");
        Take("LINEAGE_ENABLED_OPERATION_TYPES", "enabled_operation_types");
        Take("OPENLINEAGE_NAMESPACE", "namespace");
        var config = Apply(tree, key => labels[key], "the environment", problems);

        // The OpenLineage shortcuts, then the fully spelled OPENLINEAGE__TRANSPORT__* variables, which are more specific.
        tree.Clear();
        var shortcuts = new Dictionary<string, object?>(StringComparer.Ordinal);
        Take("OPENLINEAGE_URL", "url");
        Take("OPENLINEAGE_ENDPOINT", "endpoint");
        Take("OPENLINEAGE_API_KEY", "api_key");
        foreach (var (key, value) in tree)
        {
            shortcuts[key] = value;
            labels["transport." + key] = labels[key];
        }

        config = config.Apply(new Dictionary<string, object?>(StringComparer.Ordinal) { ["transport"] = shortcuts }, key => labels[key], "the environment", problems);
        var full = ConfigTree.FromDoubleUnderscoreVariables(variables, labels, problems);
        config = config.Apply(full, key => labels.GetValueOrDefault(key, "OPENLINEAGE__" + key.ToUpperInvariant().Replace(".", "__", StringComparison.Ordinal)), "the environment", problems);

        if (variables.GetValueOrDefault("OPENLINEAGE_DISABLED") is { Length: > 0 } disabled)
        {
            if (ParseBool(disabled) is { } off)
            {
                config = config with { Disabled = config.Disabled || off, Sources = With(config.Sources, "disabled", "OPENLINEAGE_DISABLED") };
            }
            else
            {
                problems.Add($"OPENLINEAGE_DISABLED is '{disabled}', which is not true or false.");
            }
        }

        return problems.Count == 0 ? config : config with { ReadProblems = [.. config.ReadProblems, .. problems] };
    }

    private LineageConfig Apply(Dictionary<string, object?> tree, Func<string, string> label, string source, List<string> problems)
    {
        var config = this;
        var sources = new Dictionary<string, string>(Sources, StringComparer.Ordinal);
        string Label(string key) => sources[key] = label(key);

        foreach (var (rawKey, value) in tree)
        {
            var key = rawKey.ToLowerInvariant();
            var text = ConfigTree.Text(value);
            switch (key)
            {
                case "base_path":
                    config = config with { BasePath = Text(text, Label(key), problems) ?? config.BasePath };
                    break;
                case "enable_persistence":
                    config = config with { EnablePersistence = Bool(text, Label(key), problems) ?? config.EnablePersistence };
                    break;
                case "track_repository_operations":
                    config = config with { TrackRepositoryOperations = Bool(text, Label(key), problems) ?? config.TrackRepositoryOperations };
                    break;
                case "disabled":
                    config = config with { Disabled = Bool(text, Label(key), problems) ?? config.Disabled };
                    break;
                case "max_graph_nodes":
                    config = config with { MaxGraphNodes = Int(text, Label(key), problems) ?? config.MaxGraphNodes };
                    break;
                case "operation_retention_hours":
                    config = config with { OperationRetentionHours = Int(text, Label(key), problems) ?? config.OperationRetentionHours };
                    break;
                case "namespace":
                    config = config with { Namespace = Text(text, Label(key), problems) ?? config.Namespace };
                    break;
                case "enabled_operation_types":
                    config = config with { EnabledOperationTypes = OperationTypes(value, Label(key), problems) };
                    break;
                case "repository_settings" when value is Dictionary<string, object?> repositories:
                    config = config with { RepositorySettings = Repositories(repositories, config.RepositorySettings, Label(key), problems) };
                    break;
                case "transport" when value is Dictionary<string, object?> transport:
                    config = config with { Transport = ApplyTransport(config.Transport, transport, label, sources) };
                    break;
                case "repository_settings" or "transport":
                    problems.Add($"{Label(key)}: expected a mapping of settings.");
                    break;
                default:
                    if (!_otherClientKeys.Contains(key))
                    {
                        problems.Add($"{source} has an unknown setting '{rawKey}'; the known settings are base_path, enable_persistence, track_repository_operations, enabled_operation_types, max_graph_nodes, operation_retention_hours, repository_settings, namespace, disabled and transport.");
                    }

                    break;
            }
        }

        // Problems go into `problems` only: the caller adds them once, however many trees it applied with the list.
        return config with { Sources = sources };
    }

    private static TransportConfig ApplyTransport(TransportConfig transport, Dictionary<string, object?> tree, Func<string, string> label, Dictionary<string, string> sources)
    {
        foreach (var (rawKey, value) in tree)
        {
            var key = rawKey.ToLowerInvariant();
            if (key == "auth" && value is Dictionary<string, object?> auth)
            {
                foreach (var (authKey, authValue) in auth)
                {
                    var name = authKey.ToLowerInvariant();
                    var text = ConfigTree.Text(authValue);
                    if (name is "apikey" or "api_key")
                    {
                        transport = transport with { ApiKey = text };
                        sources["transport.api_key"] = label("transport.auth." + authKey);
                    }
                    else if (name == "type")
                    {
                        transport = transport with { AuthType = text };
                        sources["transport.auth_type"] = label("transport.auth.type");
                    }
                }

                continue;
            }

            var setting = ConfigTree.Text(value);
            TransportConfig? updated = key switch
            {
                "type" => transport with { Type = setting },
                "url" => transport with { Url = setting },
                "endpoint" => transport with { Endpoint = setting },
                "api_key" or "apikey" => transport with { ApiKey = setting },
                "compression" => transport with { Compression = setting },
                "timeout" => transport with { Timeout = setting },
                "log_file_path" or "path" => transport with { Path = setting },
                _ => null,
            };

            if (updated is not null)
            {
                transport = updated;
                var canonical = key switch { "apikey" => "api_key", "log_file_path" => "path", _ => key };
                sources["transport." + canonical] = label("transport." + rawKey);
            }
        }

        return transport;
    }

    private static IReadOnlySet<OperationType>? OperationTypes(object? value, string label, List<string> problems)
    {
        var names = value switch
        {
            List<object?> list => list.Select(ConfigTree.Text),
            string text => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            _ => [],
        };

        var types = new HashSet<OperationType>();
        foreach (var name in names)
        {
            if (Enum.TryParse<OperationType>(name, ignoreCase: true, out var type) && Enum.IsDefined(type) && !int.TryParse(name, out _))
            {
                types.Add(type);
            }
            else
            {
                problems.Add($"{label}: '{name}' is not an operation type; use {string.Join(", ", Enum.GetNames<OperationType>().Select(n => n.ToLowerInvariant()))}.");
            }
        }

        return types;
    }

    private static Dictionary<string, RepositorySettings> Repositories(Dictionary<string, object?> tree, IReadOnlyDictionary<string, RepositorySettings> current, string label, List<string> problems)
    {
        var result = new Dictionary<string, RepositorySettings>(current, StringComparer.Ordinal);
        foreach (var (name, value) in tree)
        {
            var settings = result.GetValueOrDefault(name) ?? new RepositorySettings();
            if (value is not Dictionary<string, object?> entries)
            {
                problems.Add($"{label}: the settings of repository '{name}' must be a mapping (track_all_operations, enable_volume_tracking).");
                continue;
            }

            foreach (var (key, setting) in entries)
            {
                var where = $"{label}: repository_settings.{name}.{key}";
                settings = key.ToLowerInvariant() switch
                {
                    "track_all_operations" => settings with { TrackAllOperations = Bool(ConfigTree.Text(setting), where, problems) ?? settings.TrackAllOperations },
                    "enable_volume_tracking" => settings with { EnableVolumeTracking = Bool(ConfigTree.Text(setting), where, problems) ?? settings.EnableVolumeTracking },
                    _ => Unknown(settings, where, problems),
                };
            }

            result[name] = settings;
        }

        return result;

        static RepositorySettings Unknown(RepositorySettings settings, string where, List<string> problems)
        {
            problems.Add($"{where} is not a repository setting; use track_all_operations or enable_volume_tracking.");
            return settings;
        }
    }

    private static string? Text(string? text, string label, List<string> problems)
    {
        if (text is null)
        {
            problems.Add($"{label} must be a text value.");
        }

        return text;
    }

    private static bool? Bool(string? text, string label, List<string> problems)
    {
        var value = ParseBool(text);
        if (value is null)
        {
            problems.Add($"{label} is '{text}', which is not true or false.");
        }

        return value;
    }

    private static int? Int(string? text, string label, List<string> problems)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add($"{label} is '{text}', which is not a whole number.");
        return null;
    }

    private static bool? ParseBool(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => null,
    };

    private static double? ParseSeconds(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> sources, string key, string label) =>
        new(sources, StringComparer.Ordinal) { [key] = label };
}
