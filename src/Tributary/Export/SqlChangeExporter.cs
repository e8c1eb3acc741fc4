using Tributary.Query;

namespace Tributary.Export;

/// <summary>Writes the impact of a proposed SQL change (<see cref="LineageQueryEngine.SqlChange"/>) as a pull-request comment in Markdown.</summary>
public static class SqlChangeExporter
{
    /// <summary>
    /// Writes one comment: a verdict line (what breaks, or that nothing downstream depends on the change), then per
    /// output dataset the column changes and the downstream fields, datasets, jobs and owners. Every name is escaped.
    /// </summary>
    public static void WriteMarkdown(SqlChangeImpact impact, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(impact);
        ArgumentNullException.ThrowIfNull(output);
        var e = (Func<string?, string>)MarkdownText.Escape;
        output.Write($"### Lineage impact of the SQL change to `{e(impact.Job.ToString())}`\n\n");
        var downstream = impact.Outputs.Sum(o => o.Downstream.Count);
        output.Write(impact.Breaks
            ? $"**{downstream} downstream field(s) depend on removed, renamed or recomputed columns.** Notify: {string.Join(", ", impact.Outputs.SelectMany(o => o.Owners).Select(o => o.Name).Distinct().Order(StringComparer.Ordinal).Select(n => e(n)).DefaultIfEmpty("nobody (no owners recorded)"))}.\n\n"
            : "Nothing downstream depends on a changed column.\n\n");
        foreach (var line in impact.Diagnostics)
        {
            output.Write($"> SQL not fully analysed: {e(line)}\n");
        }

        if (impact.InputsRemoved.Count + impact.InputsAdded.Count > 0)
        {
            output.Write($"Inputs no longer read: {List(impact.InputsRemoved)}; newly read: {List(impact.InputsAdded)}.\n\n");
        }

        foreach (var change in impact.Outputs)
        {
            output.Write($"#### {e(change.Dataset)}\n\n");
            output.Write(MarkdownText.Header("column", "change", "sources before", "sources after"));
            foreach (var column in change.Columns)
            {
                var name = column.NewName is null ? e(column.Column) : $"{e(column.Column)} → {e(column.NewName)}";
                output.Write(MarkdownText.Row(name, column.Change, List(column.SourcesBefore), List(column.SourcesAfter)));
            }

            output.Write('\n');
            if (change.Downstream.Count == 0)
            {
                continue;
            }

            output.Write(MarkdownText.Header("downstream field", "depends on", "depth"));
            foreach (var field in change.Downstream)
            {
                output.Write(MarkdownText.Row(e(field.Field.ToString()), e(field.Column), field.Depth.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            output.Write($"\nDatasets: {List(change.Datasets.Select(d => d.ToString()))}. Jobs: {List(change.Jobs.Select(j => j.ToString()))}. Owners: {List(change.Owners.Select(o => o.Name))}.\n\n");
        }

        string List(IEnumerable<string> items) => string.Join(", ", items.Select(i => e(i)).DefaultIfEmpty("none"));
    }
}
