using Tributary.Sql;
using Tributary.Tools.Sql;
using Tributary.Tests.Support;

namespace Tributary.Tests.Sql;

/// <summary>
/// Tributary's own cases in the shared sql-cases format (Sql/Cases/lineage-cases.json): procedural SQL, the dialects
/// added for issue 17, USE semantics and the statements that used to give empty output.
/// </summary>
public sealed class SqlOwnCaseTests
{
    private static readonly Lazy<IReadOnlyList<SqlCase>> Cases = new(() => SqlCase.Load(CasesPath));

    private static string CasesPath => Path.Combine(TestData.Repository, "tests", "Tributary.Tests", "Sql", "Cases", "lineage-cases.json");

    public static TheoryData<string> CaseIds() => SqlCaseFile.Ids(Cases.Value);

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Own_case_passes_every_check_it_declares(string id)
    {
        SqlCaseFile.AssertPasses(Cases.Value, id);
    }

    [Fact]
    public void Every_own_case_parses_and_the_file_scores_exactly()
    {
        var report = SqlCaseScorer.Score(Cases.Value);

        Assert.Equal(0, report.ParseFailures);
        Assert.Equal(1.0, report.ExactMatch);
    }
}
