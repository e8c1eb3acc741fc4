using System.Text.Json;
using Tributary.Tests.Support;

namespace Tributary.Tests.Json;

/// <summary>The real OpenLineage event corpus in shared/testdata, by status from its index.json.</summary>
public static class EventCorpus
{
    private static readonly Lazy<List<(string Path, string Status)>> Index = new(LoadIndex);

    /// <summary>Files of one status (concrete, concrete-legacy, partial, template, invalid-by-design), as theory data.</summary>
    public static TheoryData<string> Files(params string[] statuses)
    {
        var data = new TheoryData<string>();
        foreach (var (path, status) in Index.Value)
        {
            if (statuses.Contains(status))
            {
                data.Add(path);
            }
        }

        return data;
    }

    /// <summary>The absolute path of a corpus file given as in index.json (relative to testdata).</summary>
    public static string Resolve(string path) => TestData.PathOf(path.Split('/'));

    private static List<(string, string)> LoadIndex()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.PathOf("openlineage", "events", "index.json")));
        var list = new List<(string, string)>();
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            list.Add((item.GetProperty("path").GetString()!, item.GetProperty("status").GetString()!));
        }

        list.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return list;
    }
}
