using System.Globalization;
using System.Text;
using Tributary.Sql;

namespace Tributary.Tools.Sql;

/// <summary>Precision, recall and F1 from counts of true positives, false positives and false negatives.</summary>
/// <param name="TruePositives">Items both expected and found.</param>
/// <param name="FalsePositives">Items found but not expected.</param>
/// <param name="FalseNegatives">Items expected but not found.</param>
public readonly record struct SqlPrecisionRecall(int TruePositives, int FalsePositives, int FalseNegatives)
{
    /// <summary>TP / (TP + FP); 1 when nothing was found and nothing expected.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? (FalseNegatives == 0 ? 1 : 0) : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); 1 when nothing was expected.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>The harmonic mean of precision and recall.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Adds the counts of two measurements (micro-averaging).</summary>
    public static SqlPrecisionRecall operator +(SqlPrecisionRecall a, SqlPrecisionRecall b) =>
        new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives, a.FalseNegatives + b.FalseNegatives);

    /// <summary>Returns <c>P 0.950 R 0.980 F1 0.965</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"P {Precision:0.000} R {Recall:0.000} F1 {F1:0.000}");
}

/// <summary>How one case scored.</summary>
/// <param name="Case">The case.</param>
/// <param name="Passed">True when everything the case checks is equal.</param>
/// <param name="ParseFailed">True when the extractor reported an error for the case (it then scores what the other statements returned, and fails).</param>
/// <param name="Problems">What differed, one line each.</param>
public sealed record SqlCaseOutcome(SqlCase Case, bool Passed, bool ParseFailed, IReadOnlyList<string> Problems);

/// <summary>The metrics of a case file (the sql-cases README): tables, column edges, kinds, indirect, exact match, parse failures, speed.</summary>
public sealed class SqlScoreReport
{
    /// <summary>Each case's outcome, in file order.</summary>
    public required IReadOnlyList<SqlCaseOutcome> Cases { get; init; }

    /// <summary>Input table sets, micro-averaged over cases that check tables.</summary>
    public SqlPrecisionRecall InputTables { get; init; }

    /// <summary>Output table sets, micro-averaged.</summary>
    public SqlPrecisionRecall OutputTables { get; init; }

    /// <summary>Table edges (inputs × outputs per case), micro-averaged.</summary>
    public SqlPrecisionRecall TableEdges { get; init; }

    /// <summary>(source, target) column edges on cases that check columns.</summary>
    public SqlPrecisionRecall ColumnEdges { get; init; }

    /// <summary>Expected targets that were found with the expected kind, out of those found.</summary>
    public double KindAccuracy { get; init; }

    /// <summary>Expected targets found (the denominator of <see cref="KindAccuracy"/>).</summary>
    public int KindMatchedTargets { get; init; }

    /// <summary>(source, kind) indirect pairs on cases with indirect expectations.</summary>
    public SqlPrecisionRecall Indirect { get; init; }

    /// <summary>The number of cases that failed to parse.</summary>
    public int ParseFailures { get; init; }

    /// <summary>Statements per second, single-threaded, on the speed corpus (TPC-H and TPC-DS when found); 0 when not measured.</summary>
    public double StatementsPerSecond { get; init; }

    /// <summary>The number of statements in the speed corpus.</summary>
    public int SpeedCorpusStatements { get; init; }

    /// <summary>The fraction of cases that passed every check.</summary>
    public double ExactMatch => Cases.Count == 0 ? 0 : (double)Cases.Count(c => c.Passed) / Cases.Count;

    /// <summary>The fraction of cases that failed to parse.</summary>
    public double ParseFailureRate => Cases.Count == 0 ? 0 : (double)ParseFailures / Cases.Count;

    /// <summary>Exact match per tag: (passed, total).</summary>
    public IReadOnlyDictionary<string, (int Passed, int Total)> ExactByTag => Group(c => c.Case.Tags);

    /// <summary>Exact match per dialect: (passed, total).</summary>
    public IReadOnlyDictionary<string, (int Passed, int Total)> ExactByDialect => Group(c => [c.Case.Dialect]);

    /// <summary>The headline: <c>column-edge F1 0.985, table-edge F1 1.000, exact 0.931</c>.</summary>
    public string Headline => string.Create(CultureInfo.InvariantCulture, $"column-edge F1 {ColumnEdges.F1:0.000}, table-edge F1 {TableEdges.F1:0.000}, exact {ExactMatch:0.000}");

    /// <summary>The full report as text, ending with the headline line.</summary>
    public string ToText(bool listFailures = true)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"cases: {Cases.Count}, passed: {Cases.Count(c => c.Passed)}, parse failures: {ParseFailures} ({ParseFailureRate:0.0%})");
        sb.AppendLine(inv, $"tables   inputs   {InputTables}");
        sb.AppendLine(inv, $"tables   outputs  {OutputTables}");
        sb.AppendLine(inv, $"tables   edges    {TableEdges}");
        sb.AppendLine(inv, $"columns  edges    {ColumnEdges}");
        sb.AppendLine(inv, $"columns  kind accuracy {KindAccuracy:0.000} on {KindMatchedTargets} matched targets");
        sb.AppendLine(inv, $"indirect          {Indirect}");
        sb.AppendLine(inv, $"exact match       {ExactMatch:0.000}");
        sb.AppendLine("exact per dialect:");
        foreach (var (dialect, (passed, total)) in ExactByDialect)
        {
            sb.AppendLine(inv, $"  {dialect,-12} {passed}/{total}");
        }

        sb.AppendLine("exact per tag:");
        foreach (var (tag, (passed, total)) in ExactByTag)
        {
            sb.AppendLine(inv, $"  {tag,-28} {passed}/{total}");
        }

        if (SpeedCorpusStatements > 0)
        {
            sb.AppendLine(inv, $"speed: {StatementsPerSecond:0} statements/s single-threaded with column lineage ({SpeedCorpusStatements} statements)");
        }

        if (listFailures)
        {
            foreach (var failed in Cases.Where(c => !c.Passed))
            {
                sb.AppendLine(inv, $"FAIL {failed.Case.Id}{(failed.ParseFailed ? " (parse failure)" : "")}");
                foreach (var problem in failed.Problems)
                {
                    sb.AppendLine("     " + problem);
                }
            }
        }

        sb.AppendLine(Headline);
        return sb.ToString();
    }

    private SortedDictionary<string, (int, int)> Group(Func<SqlCaseOutcome, IEnumerable<string>> keys)
    {
        var groups = new SortedDictionary<string, (int Passed, int Total)>(StringComparer.Ordinal);
        foreach (var c in Cases)
        {
            foreach (var key in keys(c))
            {
                groups.TryGetValue(key, out var g);
                groups[key] = (g.Passed + (c.Passed ? 1 : 0), g.Total + 1);
            }
        }

        return groups;
    }
}
