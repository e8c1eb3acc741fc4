using System.Text;
using Tributary.Model;

namespace Tributary.Server.OpenMetadata;

/// <summary>
/// The OpenLineage → OpenMetadata naming rule. A dataset is a table whose fully qualified name is
/// <c>service.database.schema.table</c>: the service from the namespace (<see cref="OpenMetadataOptions.Services"/>,
/// else the namespace with characters other than letters, digits, '_' and '-' written as '_'), and the name split at
/// its dots: three parts are database, schema and table; two are schema and table in database <c>default</c>; one
/// is a table in <c>default.default</c>; anything else (more parts, or a path with '/') is one table name in
/// <c>default.default</c>. A job is a pipeline <c>service.name</c>. A part holding a '.' or '"' is quoted as
/// OpenMetadata quotes it (<c>"a.b"</c>, inner quotes doubled). Ids are name-based UUIDs, so every server and every
/// restart gives an entity the same id.
/// </summary>
internal sealed class EntityNames
{
    private const string Default = "default";
    private readonly Dictionary<string, string> _services = new(StringComparer.Ordinal);

    public EntityNames(OpenMetadataOptions options)
    {
        foreach (var mapping in options.Services)
        {
            if (!string.IsNullOrEmpty(mapping.Namespace) && !string.IsNullOrWhiteSpace(mapping.Service))
            {
                _services[mapping.Namespace] = mapping.Service;
            }
        }
    }

    /// <summary>The OpenMetadata service a namespace's datasets and jobs belong to.</summary>
    public string Service(string ns)
    {
        if (_services.TryGetValue(ns, out var service))
        {
            return service;
        }

        var text = new StringBuilder(ns.Length);
        foreach (var c in ns)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return text.Length == 0 ? Default : text.ToString();
    }

    /// <summary>The table's service, database, schema and table name.</summary>
    public TableName Table(DatasetId id)
    {
        var service = Service(id.Namespace);
        var name = id.Name;
        var parts = name.Contains('/', StringComparison.Ordinal) ? [name] : name.Split('.');
        if (parts.Length > 3 || Array.Exists(parts, p => p.Length == 0))
        {
            parts = [name];
        }

        return parts.Length switch
        {
            3 => new TableName(service, parts[0], parts[1], parts[2]),
            2 => new TableName(service, Default, parts[0], parts[1]),
            _ => new TableName(service, Default, Default, parts[0]),
        };
    }

    /// <summary>The table's fully qualified name.</summary>
    public string TableFqn(DatasetId id) => Table(id).FullyQualifiedName;

    /// <summary>A column's fully qualified name: its table's, then the column.</summary>
    public string ColumnFqn(DatasetId id, string column) => TableFqn(id) + "." + Quote(column);

    /// <summary>The pipeline's fully qualified name: service, then the job name.</summary>
    public string PipelineFqn(JobId id) => Quote(Service(id.Namespace)) + "." + Quote(id.Name);

    /// <summary>A table's stable id: a name-based UUID of its namespace and name.</summary>
    public static Guid TableId(DatasetId id) => NameUuid("table", id.Namespace, id.Name);

    /// <summary>A pipeline's stable id: a name-based UUID of its namespace and name.</summary>
    public static Guid PipelineId(JobId id) => NameUuid("pipeline", id.Namespace, id.Name);

    /// <summary>One part of a fully qualified name, quoted when it holds a '.' or '"'.</summary>
    public static string Quote(string part) =>
        part.Contains('.', StringComparison.Ordinal) || part.Contains('"', StringComparison.Ordinal)
            ? "\"" + part.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : part;

    // The run-id helper already makes version-5 UUIDs in Tributary's namespace; the entity type and a separator
    // that cannot appear in a namespace keep tables, pipelines and runs apart.
    private static Guid NameUuid(string type, string ns, string name) => RunId.FromName(type + "\n" + ns + "\n" + name).Value;
}

/// <summary>An OpenMetadata table's place: service, database, schema and table name.</summary>
internal sealed record TableName(string Service, string Database, string Schema, string Table)
{
    public string DatabaseFqn => EntityNames.Quote(Service) + "." + EntityNames.Quote(Database);

    public string SchemaFqn => DatabaseFqn + "." + EntityNames.Quote(Schema);

    public string FullyQualifiedName => SchemaFqn + "." + EntityNames.Quote(Table);
}
