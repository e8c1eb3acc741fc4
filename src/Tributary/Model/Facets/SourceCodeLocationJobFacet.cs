namespace Tributary.Model.Facets;

/// <summary>The <c>sourceCodeLocation</c> job facet: where the job's code lives in version control.</summary>
/// <param name="Type">The version control system, for example <c>git</c>.</param>
/// <param name="Url">The URL of the code.</param>
public sealed record SourceCodeLocationJobFacet(string Type, string Url) : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>sourceCodeLocation</c>.</summary>
    public const string Key = "sourceCodeLocation";

    /// <summary>The repository URL, or null.</summary>
    public string? RepoUrl { get; init; }

    /// <summary>The path within the repository, or null.</summary>
    public string? Path { get; init; }

    /// <summary>The commit or version, or null.</summary>
    public string? Version { get; init; }

    /// <summary>The tag, or null.</summary>
    public string? Tag { get; init; }

    /// <summary>The branch, or null.</summary>
    public string? Branch { get; init; }
}
