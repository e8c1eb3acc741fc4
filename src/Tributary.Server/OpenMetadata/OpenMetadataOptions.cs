namespace Tributary.Server.OpenMetadata;

/// <summary>
/// How the OpenMetadata lineage API names Tributary's datasets and jobs (section <c>Tributary:OpenMetadata</c>):
/// a dataset is a table <c>service.database.schema.table</c> and a job a pipeline <c>service.pipeline</c>, where the
/// service comes from the OpenLineage namespace.
/// </summary>
public sealed class OpenMetadataOptions
{
    /// <summary>
    /// OpenLineage namespace → OpenMetadata service name (as OpenMetadata's own <c>namespaceToServiceMapping</c>), a
    /// list because namespaces hold ':' which configuration keys cannot:
    /// <c>"Services": [{ "Namespace": "postgres://db:5432", "Service": "prod_postgres" }]</c>, or
    /// <c>Tributary__OpenMetadata__Services__0__Namespace=postgres://db:5432</c> and <c>…__0__Service=prod_postgres</c>.
    /// A namespace not listed becomes its own service name with every character other than a letter, digit,
    /// <c>_</c> or <c>-</c> written as <c>_</c> (<c>postgres://db:5432</c> → <c>postgres___db_5432</c>).
    /// </summary>
    public IList<ServiceMapping> Services { get; init; } = [];
}

/// <summary>One namespace → service mapping of <see cref="OpenMetadataOptions.Services"/>.</summary>
public sealed class ServiceMapping
{
    /// <summary>The OpenLineage namespace, exactly as the graph holds it (dataset namespaces normalised: lower-case scheme and host).</summary>
    public string Namespace { get; set; } = "";

    /// <summary>The OpenMetadata service name its datasets and jobs are shown under.</summary>
    public string Service { get; set; } = "";
}
