namespace Tributary.Export;

/// <summary>The formats reports can be written in; each report says which it supports.</summary>
public enum ReportFormat
{
    /// <summary>Plain text for a terminal.</summary>
    Text,

    /// <summary>GitHub-flavoured Markdown.</summary>
    Markdown,

    /// <summary>Indented JSON for programs.</summary>
    Json,

    /// <summary>One self-contained HTML file (summary report only).</summary>
    Html,
}
