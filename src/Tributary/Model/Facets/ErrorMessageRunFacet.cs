namespace Tributary.Model.Facets;

/// <summary>The <c>errorMessage</c> run facet: why a run failed.</summary>
/// <param name="Message">The error message.</param>
/// <param name="ProgrammingLanguage">The language the error was raised in, for example <c>C#</c>.</param>
public sealed record ErrorMessageRunFacet(string Message, string ProgrammingLanguage) : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>errorMessage</c>.</summary>
    public const string Key = "errorMessage";

    /// <summary>The stack trace, or null.</summary>
    public string? StackTrace { get; init; }
}
