namespace Tributary.Tests.Support;

/// <summary>Finds the shared test data (real OpenLineage events, spec schemas, dbt artifacts, SQL) beside the repository.</summary>
public static class TestData
{
    private static readonly Lazy<string> RepositoryRoot = new(FindRepositoryRoot);

    /// <summary>The repository root: the folder holding Tributary.slnx.</summary>
    public static string Repository => RepositoryRoot.Value;

    /// <summary>The shared test data folder (<c>../shared/testdata</c> from the repository root).</summary>
    public static string Root => Path.GetFullPath(Path.Combine(Repository, "..", "shared", "testdata"));

    /// <summary>A path under the shared test data folder.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tributary.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tributary.slnx not found above " + AppContext.BaseDirectory);
    }
}
