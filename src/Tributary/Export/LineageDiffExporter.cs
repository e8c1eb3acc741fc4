using System.Globalization;
using Tributary.Query;

namespace Tributary.Export;

/// <summary>Writes what changed between two moments (<see cref="LineageQueryEngine.Diff"/>) as rows or Markdown.</summary>
public static class LineageDiffExporter
{
    /// <summary>One row per change: what changed, the node, and the detail (before -> after); the table and Markdown share them.</summary>
    public static IReadOnlyList<(string Change, string Node, string Detail)> Rows(LineageDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var rows = new List<(string, string, string)>();
        rows.AddRange(diff.DatasetsAdded.Select(d => ("dataset added", d.ToString(), "")));
        rows.AddRange(diff.DatasetsRemoved.Select(d => ("dataset removed", d.ToString(), "")));
        rows.AddRange(diff.JobsAdded.Select(j => ("job added", j.ToString(), "")));
        rows.AddRange(diff.JobsRemoved.Select(j => ("job removed", j.ToString(), "")));
        rows.AddRange(diff.EdgesAdded.Select(e => ("edge added", $"{e.From} → {e.To}", e.Kind.ToString())));
        rows.AddRange(diff.EdgesRemoved.Select(e => ("edge removed", $"{e.From} → {e.To}", e.Kind.ToString())));
        foreach (var s in diff.SchemaChanges)
        {
            var parts = new[] { s.Added.Count > 0 ? "added " + string.Join(", ", s.Added) : null, s.Removed.Count > 0 ? "removed " + string.Join(", ", s.Removed) : null, s.TypeChanged.Count > 0 ? "type " + string.Join(", ", s.TypeChanged) : null };
            rows.Add(("schema changed", s.Dataset.ToString(), string.Join("; ", parts.OfType<string>())));
        }

        rows.AddRange(diff.OwnerChanges.Select(c => ("owners changed", c.Node.ToString(), $"{List(c.Before)} → {List(c.After)}")));
        rows.AddRange(diff.TagChanges.Select(c => ("tags changed", c.Node.ToString(), $"{List(c.Before)} → {List(c.After)}")));
        foreach (var s in diff.SqlChanges)
        {
            var detail = s.UnifiedDiff.Length > 0 ? "SQL changed (see the diff)" : "same SQL at both moments";
            rows.Add(("sql changed", s.Job.ToString(), s.RunsWithOtherSql.Count > 0 ? $"{detail}; other SQL ran in between: {string.Join(", ", s.RunsWithOtherSql)}" : detail));
        }

        rows.AddRange(diff.RowCounts.Select(r => ("row count changed", r.Dataset.ToString(), $"{Count(r.Before)} → {Count(r.After)}")));
        rows.AddRange(diff.FailedRuns.Select(r => ("run failed", r.Job.ToString(), $"{r.Id} at {r.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}: {r.ErrorMessage}")));
        rows.AddRange(diff.FailedAssertions.Select(a => ("check failed", a.Dataset.ToString(), a.Assertion.Column is null ? a.Assertion.Name : $"{a.Assertion.Name} on {a.Assertion.Column}")));
        return rows;

        static string List(IReadOnlyList<string> items) => items.Count == 0 ? "(none)" : string.Join(", ", items);

        static string Count(long? rows) => rows?.ToString(CultureInfo.InvariantCulture) ?? "(not reported)";
    }

    /// <summary>Writes the diff as Markdown: a title, one table row per change, then each changed SQL as a unified diff. Names are escaped.</summary>
    public static void WriteMarkdown(LineageDiff diff, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(output);
        var scope = diff.Node is { } node ? $" around `{MarkdownText.Escape(node.ToString())}`" : "";
        output.Write($"### Lineage changes{scope} from {diff.From:O} to {diff.To:O}\n\n");
        var rows = Rows(diff);
        if (rows.Count == 0)
        {
            output.Write("Nothing changed.\n");
            return;
        }

        output.Write(MarkdownText.Header("change", "node", "detail"));
        foreach (var (change, name, detail) in rows)
        {
            output.Write(MarkdownText.Row(change, MarkdownText.Escape(name), MarkdownText.Escape(detail)));
        }

        foreach (var sql in diff.SqlChanges.Where(s => s.UnifiedDiff.Length > 0))
        {
            // A fence longer than any run of backticks in the SQL keeps the diff verbatim.
            var fence = new string('`', Math.Max(3, LongestRun(sql.UnifiedDiff) + 1));
            output.Write($"\n#### SQL of {MarkdownText.Escape(sql.Job.ToString())}\n\n{fence}diff\n{sql.UnifiedDiff}{fence}\n");
        }
    }

    private static int LongestRun(string text)
    {
        var (longest, run) = (0, 0);
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}
