using Tributary.Sql;
using Tributary.Tools.Sql;
using Tributary.Tests.Support;

namespace Tributary.Tests.Sql;

/// <summary>The shared SQL → lineage cases (../shared/sql-cases/cases.json), each as a test, and the overall score.</summary>
public sealed class SqlCaseTests
{
    private static readonly Lazy<IReadOnlyList<SqlCase>> Cases = new(() => SqlCase.Load(CasesPath));

    private static string CasesPath => Path.GetFullPath(Path.Combine(TestData.Repository, "..", "shared", "sql-cases", "cases.json"));

    public static TheoryData<string> CaseIds() => SqlCaseFile.Ids(Cases.Value);

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Case_passes_every_check_it_declares(string id)
    {
        SqlCaseFile.AssertPasses(Cases.Value, id);
    }

    [Fact]
    public void Overall_score_stays_above_the_measured_floor()
    {
        var report = SqlCaseScorer.Score(Cases.Value);

        Assert.True(report.ColumnEdges.F1 >= 0.99, report.ToText());
        Assert.True(report.TableEdges.F1 >= 0.99, report.ToText());
        Assert.True(report.Indirect.F1 >= 0.97, report.ToText());
        Assert.True(report.KindAccuracy >= 0.98, report.ToText());
        Assert.True(report.ExactMatch >= 0.97, report.ToText());
        Assert.Equal(0, report.ParseFailures);
    }

    [Fact]
    public void Report_ends_with_the_headline_line()
    {
        var report = SqlCaseScorer.Score(Cases.Value.Take(3).ToList());

        var lastLine = report.ToText().TrimEnd().Split('\n')[^1];

        Assert.StartsWith("column-edge F1 ", lastLine, StringComparison.Ordinal);
        Assert.Contains(", table-edge F1 ", lastLine, StringComparison.Ordinal);
        Assert.Contains(", exact ", lastLine, StringComparison.Ordinal);
        Assert.Equal(report.Headline, lastLine.TrimEnd('\r'));
    }

    [Fact]
    public void A_case_that_fails_to_parse_scores_as_empty_output_and_counts_as_a_parse_failure()
    {
        var broken = Cases.Value[0] with { Id = "broken", Sql = "INSERT INTO mart.t (a) SELECT FROM WHERE (" };

        var report = SqlCaseScorer.Score([broken]);

        Assert.Equal(1, report.ParseFailures);
        Assert.Equal(0, report.ColumnEdges.TruePositives);
        Assert.Equal(0, report.TableEdges.TruePositives);
        Assert.False(report.Cases[0].Passed);
    }
}
