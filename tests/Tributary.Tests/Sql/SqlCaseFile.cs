using Tributary.Sql;
using Tributary.Tools.Sql;

namespace Tributary.Tests.Sql;

/// <summary>What the tests of a case file share: one theory row per case id, and the check that a case passes.</summary>
internal static class SqlCaseFile
{
    public static TheoryData<string> Ids(IReadOnlyList<SqlCase> cases)
    {
        var data = new TheoryData<string>();
        foreach (var c in cases)
        {
            data.Add(c.Id);
        }

        return data;
    }

    public static void AssertPasses(IReadOnlyList<SqlCase> cases, string id)
    {
        var outcome = SqlCaseScorer.Evaluate(cases.Single(c => c.Id == id));

        Assert.True(outcome.Passed, string.Join(Environment.NewLine, outcome.Problems));
    }
}
