using System.Buffers;
using System.Text;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Ingest;

/// <summary>
/// Puts dataset identities in one canonical form so the same dataset reached by two producers is one node. It is
/// deliberately conservative: names are never changed (databases and object stores are case-sensitive), and neither
/// are job namespaces. Dataset namespaces of the form <c>scheme://authority[/path]</c> get a lower-case scheme, a
/// lower-case host for schemes that name network hosts (DNS names are case-insensitive; bucket and container names
/// are not, so <c>s3://</c>, <c>gs://</c>, <c>abfss://</c> keep theirs), and lose a lone trailing <c>/</c>. Every
/// place a dataset identity appears is normalised alike: inputs, outputs, static datasets, symlinks, column-lineage
/// inputs and a rename's previous identifier. Unchanged parts are the same objects, so they write back exactly.
/// </summary>
public static class LineageNormalizer
{
    private static readonly HashSet<string> HostSchemes = new(StringComparer.Ordinal)
    {
        "postgres", "postgresql", "mysql", "mariadb", "sqlserver", "mssql", "oracle", "db2", "teradata", "redshift",
        "trino", "presto", "hive", "hdfs", "kafka", "cassandra", "mongodb", "clickhouse", "http", "https",
    };

    /// <summary>The canonical form of a dataset namespace, for example <c>POSTGRES://Db.Example:5432/</c> → <c>postgres://db.example:5432</c>.</summary>
    public static string NormalizeNamespace(string datasetNamespace)
    {
        ArgumentNullException.ThrowIfNull(datasetNamespace);
        var canonical = t_canonical ??= new PassedStrings();
        if (canonical.Contains(datasetNamespace))
        {
            return datasetNamespace;
        }

        var separator = datasetNamespace.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || !IsScheme(datasetNamespace.AsSpan(0, separator)) || IsCanonical(datasetNamespace, separator))
        {
            canonical.Add(datasetNamespace);
            return datasetNamespace;
        }

        var scheme = datasetNamespace[..separator].ToLowerInvariant();
        var rest = datasetNamespace[(separator + 3)..];
        var pathStart = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = pathStart < 0 ? rest : rest[..pathStart];
        var path = pathStart < 0 ? "" : rest[pathStart..];
        if (path == "/")
        {
            path = "";
        }

        if (HostSchemes.Contains(scheme))
        {
            // Only the host: user info (before '@') can be case-sensitive.
            var at = authority.LastIndexOf('@');
            authority = authority[..(at + 1)] + authority[(at + 1)..].ToLowerInvariant();
        }

        var normalized = scheme + "://" + authority + path;
        return string.Equals(normalized, datasetNamespace, StringComparison.Ordinal) ? datasetNamespace : normalized;
    }

    /// <summary>The canonical form of a dataset id: its namespace normalised, its name unchanged.</summary>
    public static DatasetId Normalize(DatasetId id)
    {
        var ns = NormalizeNamespace(id.Namespace);
        return ReferenceEquals(ns, id.Namespace) ? id : new DatasetId(ns, id.Name);
    }

    /// <summary>The event with every dataset identity in canonical form; the same instance when nothing changes.</summary>
    public static LineageEvent Normalize(LineageEvent lineageEvent) => lineageEvent switch
    {
        RunEvent run => NormalizeRun(run),
        JobEvent job => NormalizeJob(job),
        DatasetEvent dataset => NormalizeDataset(dataset.Dataset) is var d && !ReferenceEquals(d, dataset.Dataset)
            ? dataset with { Dataset = d }
            : dataset,
        _ => lineageEvent,
    };

    private static RunEvent NormalizeRun(RunEvent run)
    {
        var inputs = Inputs(run.Inputs);
        var outputs = Outputs(run.Outputs);
        return ReferenceEquals(inputs, run.Inputs) && ReferenceEquals(outputs, run.Outputs)
            ? run
            : run with { Inputs = inputs, Outputs = outputs };
    }

    private static JobEvent NormalizeJob(JobEvent job)
    {
        var inputs = Inputs(job.Inputs);
        var outputs = Outputs(job.Outputs);
        return ReferenceEquals(inputs, job.Inputs) && ReferenceEquals(outputs, job.Outputs)
            ? job
            : job with { Inputs = inputs, Outputs = outputs };
    }

    private static IReadOnlyList<InputDataset> Inputs(IReadOnlyList<InputDataset> inputs) =>
        Map(inputs, d => NormalizeDataset(d) is var n && !ReferenceEquals(n, d) ? (InputDataset)n : d);

    private static IReadOnlyList<OutputDataset> Outputs(IReadOnlyList<OutputDataset> outputs) =>
        Map(outputs, d => NormalizeDataset(d) is var n && !ReferenceEquals(n, d) ? (OutputDataset)n : d);

    private static IReadOnlyList<T> Map<T>(IReadOnlyList<T> items, Func<T, T> map) where T : class
    {
        T[]? changed = null;
        for (var i = 0; i < items.Count; i++)
        {
            var mapped = map(items[i]);
            if (!ReferenceEquals(mapped, items[i]))
            {
                changed ??= [.. items];
                changed[i] = mapped;
            }
        }

        return changed ?? items;
    }

    private static Dataset NormalizeDataset(Dataset dataset)
    {
        var id = Normalize(dataset.Id);
        var facets = NormalizeFacets(dataset.Facets);
        if (id == dataset.Id && ReferenceEquals(facets, dataset.Facets))
        {
            return dataset;
        }

        return dataset with { Id = id, Facets = facets };
    }

    private static FacetSet NormalizeFacets(FacetSet facets)
    {
        var result = facets;
        foreach (var (key, facet) in facets.Items)
        {
            Facet? replaced = facet switch
            {
                SymlinksDatasetFacet s => Map(s.Identifiers, Symlink) is var ids && !ReferenceEquals(ids, s.Identifiers) ? s with { Identifiers = ids } : null,
                ColumnLineageDatasetFacet c => ColumnLineage(c),
                LifecycleStateChangeDatasetFacet l when l.PreviousIdentifier is { } previous && Normalize(previous) != previous =>
                    l with { PreviousIdentifier = Normalize(previous) },
                _ => null,
            };
            if (replaced is not null)
            {
                result = result.With(key, replaced);
            }
        }

        return result;
    }

    private static SymlinkIdentifier Symlink(SymlinkIdentifier s)
    {
        var ns = NormalizeNamespace(s.Namespace);
        return ReferenceEquals(ns, s.Namespace) ? s : s with { Namespace = ns };
    }

    private static ColumnLineageDatasetFacet? ColumnLineage(ColumnLineageDatasetFacet facet)
    {
        var fields = Map(facet.Fields, f => Map(f.InputFields, Input) is var inputs && !ReferenceEquals(inputs, f.InputFields) ? f with { InputFields = inputs } : f);
        var dataset = Map(facet.Dataset, Input);
        return ReferenceEquals(fields, facet.Fields) && ReferenceEquals(dataset, facet.Dataset)
            ? null
            : facet with { Fields = fields, Dataset = dataset };
    }

    private static InputField Input(InputField f)
    {
        var ns = NormalizeNamespace(f.Namespace);
        return ReferenceEquals(ns, f.Namespace) ? f : f with { Namespace = ns };
    }

    // Whether the namespace is already what the steps below would make of it, decided without building anything: most
    // namespaces are (every column-lineage input names one), and building the pieces only to compare them cost a
    // tenth of staging a realistic event. Hosts with other than ASCII go the long way, whose lower-casing knows them.
    private static bool IsCanonical(string datasetNamespace, int separator)
    {
        var scheme = datasetNamespace.AsSpan(0, separator);
        if (scheme.ContainsAny(UpperAscii))
        {
            return false;
        }

        var rest = datasetNamespace.AsSpan(separator + 3);
        var pathStart = rest.IndexOf('/');
        if (pathStart >= 0 && pathStart == rest.Length - 1)
        {
            return false;
        }

        if (!HostSchemeNames.Contains(scheme))
        {
            return true;
        }

        var authority = pathStart < 0 ? rest : rest[..pathStart];
        var host = authority[(authority.LastIndexOf('@') + 1)..];
        return !host.ContainsAny(UpperAscii) && Ascii.IsValid(host);
    }

    // Searched through SearchValues and Ascii rather than ContainsAnyInRange, which boxed its bounds on every call in
    // .NET 10 (96 bytes for each namespace checked).
    private static readonly SearchValues<char> UpperAscii = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    // The namespaces this thread found canonical (see PassedStrings): a column-lineage facet names its input's once per column.
    [ThreadStatic]
    private static PassedStrings? t_canonical;

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> HostSchemeNames = HostSchemes.GetAlternateLookup<ReadOnlySpan<char>>();

    private static bool IsScheme(ReadOnlySpan<char> text)
    {
        if (!char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '-' && c != '.')
            {
                return false;
            }
        }

        return true;
    }
}
