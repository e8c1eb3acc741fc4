namespace Tributary.Model.Facets;

/// <summary>The <c>sourceCode</c> job facet: the job's source code.</summary>
/// <param name="Language">The language, for example <c>python</c> or <c>C#</c>.</param>
/// <param name="SourceCode">The code.</param>
public sealed record SourceCodeJobFacet(string Language, string SourceCode) : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>sourceCode</c>.</summary>
    public const string Key = "sourceCode";
}
