using System.Reflection;
using Tributary.Sql;
using Tributary.Tools.Sql;

namespace Tributary.Tests.Sql;

/// <summary>The product library carries only the product: the case scorer and speed measurement live in the tools assembly.</summary>
public sealed class ShippedLibraryTests
{
    [Fact]
    public void The_case_scorer_and_its_report_live_in_the_tools_assembly_not_in_the_library()
    {
        var library = typeof(SqlLineage).Assembly;

        Assert.NotEqual(library, typeof(SqlCaseScorer).Assembly);
        Assert.Equal("Tributary.Tools", typeof(SqlCaseScorer).Assembly.GetName().Name);
        Assert.DoesNotContain(library.GetTypes(), t => t.Name.Contains("Scor", StringComparison.Ordinal) && t.Namespace == "Tributary.Sql");
        Assert.DoesNotContain(library.GetTypes(), t => t.Name is nameof(SqlCase) or nameof(SqlCaseOutcome) or nameof(SqlPrecisionRecall));
        Assert.DoesNotContain(library.GetReferencedAssemblies(), a => a.Name == "Tributary.Tools");
    }
}
