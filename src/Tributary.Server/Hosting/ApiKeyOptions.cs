namespace Tributary.Server.Hosting;

/// <summary>One API key and what it may do. A producer's key usually only writes; a dashboard's only reads.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The secret sent as <c>Authorization: Bearer &lt;key&gt;</c>; at least 16 characters.</summary>
    public string Key { get; set; } = "";

    /// <summary>A name for logs (never the key itself). Default empty.</summary>
    public string Name { get; set; } = "";

    /// <summary>May read lineage (every GET). Default true.</summary>
    public bool Read { get; set; } = true;

    /// <summary>May send events (POST /api/v1/lineage and /api/v1/lineage/batch). Default true.</summary>
    public bool Write { get; set; } = true;
}
