namespace Tributary.Server.Tests.Support;

/// <summary>Finds the repository (the folder holding Tributary.slnx) and the shared test data beside it.</summary>
public static class TestData
{
    private static readonly Lazy<string> RepositoryRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tributary.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tributary.slnx not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository root.</summary>
    public static string Repository => RepositoryRoot.Value;

    /// <summary>The shared test data folder (<c>../shared/testdata</c> from the repository root).</summary>
    public static string Root => Path.GetFullPath(Path.Combine(Repository, "..", "shared", "testdata"));

    /// <summary>A path under the shared test data folder.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The folder test artifacts (screenshots, measurements) are written to: <c>artifacts/</c> in the repository.</summary>
    public static string Artifacts(string sub)
    {
        var dir = Path.Combine(Repository, "artifacts", sub);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
