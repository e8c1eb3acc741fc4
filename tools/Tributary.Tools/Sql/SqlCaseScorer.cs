using System.Diagnostics;
using Tributary.Sql;

namespace Tributary.Tools.Sql;

/// <summary>
/// Scores the extractor on a case file in the <c>sql-cases</c> format, computing exactly the metrics of its README:
/// table P/R/F1 (inputs, outputs, table edges), column-edge P/R/F1, kind accuracy, indirect P/R/F1, exact match
/// overall, per tag and per dialect, the parse-failure rate, and statements per second.
/// </summary>
public static class SqlCaseScorer
{
    /// <summary>Scores a case file; speed is measured on TPC-H and TPC-DS under <c>../testdata/sql</c> next to it when present.</summary>
    public static SqlScoreReport ScoreFile(string casesPath)
    {
        var cases = SqlCase.Load(casesPath);
        var sqlDirectory = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(casesPath)) ?? ".", "..", "testdata", "sql"));
        var corpus = Directory.Exists(sqlDirectory) ? LoadTpcQueries(sqlDirectory) : [];
        return Score(cases, corpus);
    }

    /// <summary>Scores cases; when <paramref name="speedCorpus"/> is given, also measures statements per second on it.</summary>
    public static SqlScoreReport Score(IReadOnlyList<SqlCase> cases, IReadOnlyList<string>? speedCorpus = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var outcomes = new List<SqlCaseOutcome>();
        SqlPrecisionRecall inputs = default, outputs = default, edges = default, columns = default, indirect = default;
        int kindMatched = 0, kindCorrect = 0, parseFailures = 0;
        foreach (var c in cases)
        {
            var score = ScoreCase(c);
            outcomes.Add(score.Outcome);
            inputs += score.Inputs;
            outputs += score.Outputs;
            edges += score.Edges;
            columns += score.Columns;
            indirect += score.Indirect;
            kindMatched += score.KindMatched;
            kindCorrect += score.KindCorrect;
            parseFailures += score.Outcome.ParseFailed ? 1 : 0;
        }

        var speed = speedCorpus is { Count: > 0 } ? MeasureStatementsPerSecond(speedCorpus, new SqlAnalysisOptions()) : 0;
        return new SqlScoreReport
        {
            Cases = outcomes,
            InputTables = inputs,
            OutputTables = outputs,
            TableEdges = edges,
            ColumnEdges = columns,
            KindAccuracy = kindMatched == 0 ? 1 : (double)kindCorrect / kindMatched,
            KindMatchedTargets = kindMatched,
            Indirect = indirect,
            ParseFailures = parseFailures,
            StatementsPerSecond = speed,
            SpeedCorpusStatements = speedCorpus?.Count ?? 0,
        };
    }

    /// <summary>Scores one case on its own.</summary>
    public static SqlCaseOutcome Evaluate(SqlCase sqlCase) => ScoreCase(sqlCase).Outcome;

    /// <summary>The TPC-H and TPC-DS query texts under a <c>testdata/sql</c> folder (<c>tpch/queries</c>, <c>tpcds/queries</c>), in file order.</summary>
    public static IReadOnlyList<string> LoadTpcQueries(string sqlDirectory)
    {
        var list = new List<string>();
        foreach (var folder in new[] { "tpch", "tpcds" })
        {
            var path = Path.Combine(sqlDirectory, folder, "queries");
            if (Directory.Exists(path))
            {
                list.AddRange(Directory.GetFiles(path, "*.sql").Order(StringComparer.Ordinal).Select(File.ReadAllText));
            }
        }

        return list;
    }

    /// <summary>
    /// Analyses every text of the corpus (with column lineage) on this thread: about a second of warm-up so the JIT
    /// settles, then about a second measured. Returns statements per second.
    /// </summary>
    public static double MeasureStatementsPerSecond(IReadOnlyList<string> statements, SqlAnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var warmup = Stopwatch.StartNew();
        do
        {
            foreach (var s in statements)
            {
                SqlLineage.Analyze(s, options);
            }
        }
        while (warmup.Elapsed < TimeSpan.FromSeconds(1));

        var watch = Stopwatch.StartNew();
        long count = 0;
        do
        {
            foreach (var s in statements)
            {
                SqlLineage.Analyze(s, options);
                count++;
            }
        }
        while (watch.Elapsed < TimeSpan.FromSeconds(1));
        return count / watch.Elapsed.TotalSeconds;
    }

    private sealed record CaseScore(
        SqlCaseOutcome Outcome, SqlPrecisionRecall Inputs, SqlPrecisionRecall Outputs, SqlPrecisionRecall Edges, SqlPrecisionRecall Columns,
        SqlPrecisionRecall Indirect, int KindMatched, int KindCorrect);

    private static CaseScore ScoreCase(SqlCase c)
    {
        var result = SqlLineage.Analyze(c.Sql, c.ToOptions());
        var failed = result.HasErrors;
        var problems = new List<string>();
        if (failed)
        {
            problems.AddRange(result.Diagnostics.Where(d => d.IsError).Select(d => "diagnostic " + d));
        }

        string N(string name) => Normalize(name, c.CaseSensitive);

        // A case whose statements partly fail counts what was returned (nothing, when none parsed) and does not pass.
        var actualInputs = result.Inputs.Select(N).ToHashSet();
        var actualOutputs = result.Outputs.Select(N).ToHashSet();
        var actualIntermediate = result.Intermediates.Select(N).ToHashSet();
        var passed = true;
        SqlPrecisionRecall inputs = default, outputs = default, edges = default, columns = default, indirect = default;
        int kindMatched = 0, kindCorrect = 0;

        if (c.Checks.Contains("tables"))
        {
            var expectedInputs = c.ExpectedInputs.Select(N).ToHashSet();
            var expectedOutputs = c.ExpectedOutputs.Select(N).ToHashSet();
            inputs = Compare(expectedInputs, actualInputs);
            outputs = Compare(expectedOutputs, actualOutputs);
            edges = Compare(Pairs(expectedInputs, expectedOutputs), Pairs(actualInputs, actualOutputs));
            passed &= Same("inputs", expectedInputs, actualInputs, problems);
            passed &= Same("outputs", expectedOutputs, actualOutputs, problems);
            if (c.ExpectedIntermediate is not null)
            {
                passed &= Same("intermediate", c.ExpectedIntermediate.Select(N).ToHashSet(), actualIntermediate, problems);
            }
        }

        if (c.Checks.Contains("columns") && c.ExpectedColumns is not null)
        {
            var expected = new HashSet<string>();
            var expectedKinds = new Dictionary<string, string>();
            foreach (var col in c.ExpectedColumns)
            {
                var target = N(col.Target);
                expectedKinds[target] = col.Kind.ToLowerInvariant();
                foreach (var source in col.Sources)
                {
                    expected.Add(N(source) + " -> " + target);
                }
            }

            var actual = new HashSet<string>();
            var actualKinds = new Dictionary<string, string>();
            foreach (var col in result.Columns.Where(x => x.Sources.Count > 0))
            {
                var target = N(col.Target.ToString());
                actualKinds[target] = col.Kind.ToString().ToLowerInvariant();
                foreach (var source in col.Sources)
                {
                    actual.Add(N(source.Column.ToString()) + " -> " + target);
                }
            }

            columns = Compare(expected, actual);
            passed &= Same("column edges", expected, actual, problems);
            foreach (var (target, kind) in expectedKinds)
            {
                if (!c.ExpectedColumns.First(x => N(x.Target) == target).Sources.Any() || !actualKinds.TryGetValue(target, out var actualKind))
                {
                    continue;
                }

                kindMatched++;
                if (actualKind == kind)
                {
                    kindCorrect++;
                }
                else
                {
                    passed = false;
                    problems.Add($"kind of {target}: expected {kind}, got {actualKind}");
                }
            }
        }

        if (c.Checks.Contains("indirect") && c.ExpectedIndirect is not null)
        {
            var expected = c.ExpectedIndirect.Select(i => N(i.Source) + " " + i.Kind.ToLowerInvariant()).ToHashSet();
            var actual = result.Indirect.Select(i => N(i.Column.ToString()) + " " + KindName(i.Kind)).ToHashSet();
            indirect = Compare(expected, actual);
            passed &= Same("indirect", expected, actual, problems);
        }

        return new CaseScore(new SqlCaseOutcome(c, passed && !failed, failed, problems), inputs, outputs, edges, columns, indirect, kindMatched, kindCorrect);
    }

    private static string KindName(SqlIndirectKind kind) => kind switch
    {
        SqlIndirectKind.GroupBy => "group_by",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Strips quote characters and, unless case-sensitive, lower-cases.</summary>
    private static string Normalize(string name, bool caseSensitive)
    {
        var stripped = name.Replace("\"", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal);
        return caseSensitive ? stripped : stripped.ToLowerInvariant();
    }

    private static HashSet<string> Pairs(HashSet<string> inputs, HashSet<string> outputs)
    {
        var pairs = new HashSet<string>();
        foreach (var i in inputs)
        {
            foreach (var o in outputs)
            {
                pairs.Add(i + " -> " + o);
            }
        }

        return pairs;
    }

    private static SqlPrecisionRecall Compare(HashSet<string> expected, HashSet<string> actual)
    {
        var tp = expected.Count(actual.Contains);
        return new SqlPrecisionRecall(tp, actual.Count - tp, expected.Count - tp);
    }

    private static bool Same(string what, HashSet<string> expected, HashSet<string> actual, List<string> problems)
    {
        if (expected.SetEquals(actual))
        {
            return true;
        }

        var missing = expected.Except(actual).Order(StringComparer.Ordinal).ToList();
        var extra = actual.Except(expected).Order(StringComparer.Ordinal).ToList();
        problems.Add($"{what}: missing [{string.Join(", ", missing)}] extra [{string.Join(", ", extra)}]");
        return false;
    }
}
