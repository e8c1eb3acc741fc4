using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Json;

// Facets, read in one pass. A facet the general reader types (FacetKinds) is read here to the same typed facet, or the
// event is declined; any other facet is kept raw as its bytes, a slice of the event, with its _producer and _schemaURL
// read and the rest skipped, so a large integration facet (a Spark plan, Airflow's task) costs a scan, not a document.
internal sealed partial class CommonEventReader
{
    private static readonly byte[][] ErrorMessageNames = [.. Names("message", "programmingLanguage", "stackTrace")];
    private static readonly byte[][] ProcessingEngineNames = [.. Names("version", "name", "openlineageAdapterVersion")];
    private static readonly byte[][] NominalTimeNames = [.. Names("nominalStartTime", "nominalEndTime")];
    private static readonly byte[][] SqlNames = [.. Names("query", "dialect")];
    private static readonly byte[][] JobTypeNames = [.. Names("processingType", "integration", "jobType")];
    private static readonly byte[][] SourceCodeNames = [.. Names("language", "sourceCode")];
    private static readonly byte[][] SourceCodeLocationNames = [.. Names("type", "url", "repoUrl", "path", "version", "tag", "branch")];
    private static readonly byte[][] DocumentationNames = [.. Names("description", "contentType")];
    private static readonly byte[][] DataSourceNames = [.. Names("name", "uri")];
    private static readonly byte[][] StorageNames = [.. Names("storageLayer", "fileFormat")];
    private static readonly byte[][] DatasetVersionNames = [.. Names("datasetVersion")];
    private static readonly byte[][] DatasetTypeNames = [.. Names("datasetType", "subType")];
    private static readonly byte[][] OwnerNames = [.. Names("name", "type")];
    private static readonly byte[][] SymlinkNames = [.. Names("namespace", "name", "type")];
    private static readonly byte[][] TagNames = [.. Names("key", "value", "source", "field")];
    private static readonly byte[][] JobRefNames = [.. Names("namespace", "name")];

    private FacetSet? ReadFacets(ref Utf8JsonReader r, FacetPosition position, out bool empty)
    {
        empty = false;
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        // The set keeps an array of its own, so the pairs are gathered in the thread's list (facet sets do not nest): a
        // list and its array per set were a tenth of what reading a realistic event allocated.
        var list = t_facets ??= new List<KeyValuePair<string, Facet>>(8);
        list.Clear();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueIsEscaped || !IsText(r.ValueSpan))
            {
                return null;
            }

            var key = _strings.Text(r.ValueSpan);
            if (Contains(list, key))
            {
                // A repeated facet is for the general reader.
                return null;
            }

            if (ReadFacet(ref r, FacetKinds.Of(position, key)) is not { } facet)
            {
                return null;
            }

            list.Add(new(key, facet));
        }

        empty = list.Count == 0;
        var set = empty ? FacetSet.Empty : new FacetSet(list);
        list.Clear();
        return set;
    }

    [ThreadStatic]
    private static List<KeyValuePair<string, Facet>>? t_facets;

    private static bool Contains(List<KeyValuePair<string, Facet>> list, string key)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i].Key, key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // The facet whose value comes next, or null to decline (a typed facet this reader does not read, or any problem).
    private Facet? ReadFacet(ref Utf8JsonReader r, FacetKind kind)
    {
        Strings7 v = default;
        Head h;
        switch (kind)
        {
            case FacetKind.None:
                return ReadRaw(ref r);
            case FacetKind.Schema:
                return ReadSchema(ref r);
            case FacetKind.ColumnLineage:
                return ReadColumnLineage(ref r);
            case FacetKind.InputStatistics:
                return ReadStatistics(ref r) is { } i
                    ? new InputStatisticsInputDatasetFacet { RowCount = i.Rows, Size = i.Size, FileCount = i.Files, Producer = i.Producer, SchemaUrl = i.SchemaUrl, SourceUtf8 = i.Source }
                    : null;
            case FacetKind.OutputStatistics:
                return ReadStatistics(ref r) is { } o
                    ? new OutputStatisticsOutputDatasetFacet { RowCount = o.Rows, Size = o.Size, FileCount = o.Files, Producer = o.Producer, SchemaUrl = o.SchemaUrl, SourceUtf8 = o.Source }
                    : null;
            case FacetKind.Parent:
                return ReadParent(ref r);
            case FacetKind.LifecycleStateChange:
                return ReadLifecycle(ref r);
            case FacetKind.Ownership:
                return ReadItems(ref r, "owners"u8, OwnerNames, static s => s[0] is { } name ? new Owner(name, s[1]) : null, out var owners, out h)
                    ? new OwnershipFacet { Owners = owners, Producer = h.Producer, SchemaUrl = h.SchemaUrl, SourceUtf8 = h.Source }
                    : null;
            case FacetKind.Symlinks:
                return ReadItems(ref r, "identifiers"u8, SymlinkNames, static s => s is [{ } ns, { } name, { } type, ..] ? new SymlinkIdentifier(ns, name, type) : null, out var identifiers, out h)
                    ? new SymlinksDatasetFacet { Identifiers = identifiers, Producer = h.Producer, SchemaUrl = h.SchemaUrl, SourceUtf8 = h.Source }
                    : null;
            case FacetKind.Tags:
                return ReadItems(ref r, "tags"u8, TagNames, static s => s is [{ } key, { } value, var source, var field, ..] ? new Tag(key, value, source, field) : null, out var tags, out h)
                    ? new TagsFacet { Tags = tags, Producer = h.Producer, SchemaUrl = h.SchemaUrl, SourceUtf8 = h.Source }
                    : null;
            case FacetKind.NominalTime:
                // An empty or unparsable time is the general reader's to report (or to read as no time at all).
                return ReadStrings(ref r, NominalTimeNames, v, out h) && Time(v[0]) is { } start && (v[1] is null || Time(v[1]) is not null)
                    ? new NominalTimeRunFacet(start) { NominalEndTime = Time(v[1]), Producer = h.Producer, SchemaUrl = h.SchemaUrl, SourceUtf8 = h.Source }
                    : null;
            case FacetKind.ErrorMessage:
                return ReadStrings(ref r, ErrorMessageNames, v, out h) && v[0] is { } message && v[1] is { } language
                    ? new ErrorMessageRunFacet(message, language) { StackTrace = v[2], Producer = h.Producer, SchemaUrl = h.SchemaUrl, SourceUtf8 = h.Source }
                    : null;
            case FacetKind.ProcessingEngine:
                return ReadStrings(ref r, ProcessingEngineNames, v, out h) && v[0] is { } version
                    ? new ProcessingEngineRunFacet(version) { Name = v[1], OpenlineageAdapterVersion = v[2], Producer = h.Producer, SchemaUrl = h.SchemaUrl, SourceUtf8 = h.Source }
                    : null;
            case FacetKind.Sql:
                return ReadStrings(ref r, SqlNames, v, out h) && v[0] is { } query
                    ? new SqlJobFacet(query) { Dialect = v[1], Producer = h.Producer, SchemaUrl = h.SchemaUrl, SourceUtf8 = h.Source }
                    : null;
            case FacetKind.JobType:
                return ReadStrings(ref r, JobTypeNames, v, out h) && v[0] is { } processing && v[1] is { } integration
                    ? new JobTypeJobFacet(processing, integration) { JobType = v[2], Producer = h.Producer, SchemaUrl = h.SchemaUrl, SourceUtf8 = h.Source }
                    : null;
            case FacetKind.SourceCode:
                return ReadStrings(ref r, SourceCodeNames, v, out h) && v[0] is { } codeLanguage && v[1] is { } code
                    ? new SourceCodeJobFacet(codeLanguage, code) { Producer = h.Producer, SchemaUrl = h.SchemaUrl, SourceUtf8 = h.Source }
                    : null;
            case FacetKind.SourceCodeLocation:
                return ReadStrings(ref r, SourceCodeLocationNames, v, out h) && v[0] is { } type && v[1] is { } url
                    ? new SourceCodeLocationJobFacet(type, url)
                    {
                        RepoUrl = v[2], Path = v[3], Version = v[4], Tag = v[5], Branch = v[6],
                        Producer = h.Producer, SchemaUrl = h.SchemaUrl, SourceUtf8 = h.Source,
                    }
                    : null;
            case FacetKind.Documentation:
                return ReadStrings(ref r, DocumentationNames, v, out h) && v[0] is { } description
                    ? new DocumentationFacet(description) { ContentType = v[1], Producer = h.Producer, SchemaUrl = h.SchemaUrl, SourceUtf8 = h.Source }
                    : null;
            case FacetKind.DataSource:
                return ReadStrings(ref r, DataSourceNames, v, out h)
                    ? new DatasourceDatasetFacet { Name = v[0], Uri = v[1], Producer = h.Producer, SchemaUrl = h.SchemaUrl, SourceUtf8 = h.Source }
                    : null;
            case FacetKind.Storage:
                return ReadStrings(ref r, StorageNames, v, out h) && v[0] is { } layer
                    ? new StorageDatasetFacet(layer) { FileFormat = v[1], Producer = h.Producer, SchemaUrl = h.SchemaUrl, SourceUtf8 = h.Source }
                    : null;
            case FacetKind.DatasetVersion:
                return ReadStrings(ref r, DatasetVersionNames, v, out h) && v[0] is { } datasetVersion
                    ? new DatasetVersionDatasetFacet(datasetVersion) { Producer = h.Producer, SchemaUrl = h.SchemaUrl, SourceUtf8 = h.Source }
                    : null;
            case FacetKind.DatasetType:
                return ReadStrings(ref r, DatasetTypeNames, v, out h) && v[0] is { } datasetType
                    ? new DatasetTypeDatasetFacet(datasetType) { SubType = v[1], Producer = h.Producer, SchemaUrl = h.SchemaUrl, SourceUtf8 = h.Source }
                    : null;
            case FacetKind.DataQualityAssertions:
                return ReadAssertions(ref r);
            default:
                // Environment variables, the operation type and data-quality metrics are rare: the general reader reads them.
                return null;
        }
    }

    // A facet Tributary has no type for: its header is read, everything else skipped, and its bytes kept.
    private RawFacet? ReadRaw(ref Utf8JsonReader r)
    {
        if (!OpenObject(ref r, out var start))
        {
            return null;
        }

        string? producer = null, schemaUrl = null;
        var seen = 0;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (!(FacetHeader(ref r, ref seen, ref producer, ref schemaUrl) ?? r.TrySkip()))
            {
                return null;
            }
        }

        var source = Source(start, ref r);

        // The strings skipped were not checked one by one; without the door's check of the whole event, check them here.
        return _validUtf8 || Utf8.IsValid(source.Span) ? new RawFacet(source) { Producer = producer, SchemaUrl = schemaUrl } : null;
    }

    // A facet of string properties, `names` in the order of `values`; each may be absent or null here, and the caller
    // declines when one the general reader requires is missing.
    private bool ReadStrings(ref Utf8JsonReader r, byte[][] names, scoped Span<string?> values, out Head head)
    {
        head = default;
        if (!OpenObject(ref r, out var start))
        {
            return false;
        }

        string? producer = null, schemaUrl = null;
        var seen = 0;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (!(FacetHeader(ref r, ref seen, ref producer, ref schemaUrl) ?? StringProperty(ref r, names, values, ref seen)))
            {
                return false;
            }
        }

        head = new Head(producer, schemaUrl, Source(start, ref r));
        return true;
    }

    // One property of an object of string properties: a named one is read, another skipped. Bits 1 and 2 of `seen` are
    // the facet header's.
    private bool StringProperty(ref Utf8JsonReader r, byte[][] names, scoped Span<string?> values, ref int seen)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (Named(ref r, names[i], 4 << i, ref seen))
            {
                return OptionalString(ref r, out values[i]);
            }
        }

        return r.TrySkip();
    }

    // A plain object of string properties (no facet header), as the items of a list facet are.
    private bool ReadObjectStrings(ref Utf8JsonReader r, byte[][] names, scoped Span<string?> values)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var seen = 0;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (!StringProperty(ref r, names, values, ref seen))
            {
                return false;
            }
        }

        return true;
    }

    private delegate T? Make<T>(ReadOnlySpan<string?> values);

    // A facet holding one optional list of objects of string properties (owners, symlink identifiers, tags).
    private bool ReadItems<T>(ref Utf8JsonReader r, ReadOnlySpan<byte> listName, byte[][] names, Make<T> make, out List<T> items, out Head head)
        where T : class
    {
        items = [];
        head = default;
        if (!OpenObject(ref r, out var start))
        {
            return false;
        }

        string? producer = null, schemaUrl = null;
        var seen = 0;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            bool ok;
            if (FacetHeader(ref r, ref seen, ref producer, ref schemaUrl) is { } header)
            {
                ok = header;
            }
            else if (Named(ref r, listName, 4, ref seen))
            {
                ok = r.Read() && r.TokenType == JsonTokenType.StartArray;
                while (ok && r.Read() && r.TokenType != JsonTokenType.EndArray)
                {
                    Strings7 v = default;
                    ok = ReadObjectStrings(ref r, names, v) && make(v[..names.Length]) is { } item && Add(items, item);
                }
            }
            else
            {
                ok = r.TrySkip();
            }

            if (!ok)
            {
                return false;
            }
        }

        head = new Head(producer, schemaUrl, Source(start, ref r));
        return true;
    }

    private static bool Add<T>(List<T> items, T item)
    {
        items.Add(item);
        return true;
    }

    // The dataQualityAssertions facet: its list of assertions is required, and each needs its name and its outcome.
    private DataQualityAssertionsDatasetFacet? ReadAssertions(ref Utf8JsonReader r) =>
        ReadListFacet(ref r, "assertions"u8, AssertionsReader, out var assertions, out var h) && assertions is not null
            ? new DataQualityAssertionsDatasetFacet { Assertions = assertions, Producer = h.Producer, SchemaUrl = h.SchemaUrl, SourceUtf8 = h.Source }
            : null;

    private List<Assertion>? ReadAssertionList(ref Utf8JsonReader r)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var assertions = new List<Assertion>(4);
        while (r.Read() && r.TokenType == JsonTokenType.StartObject)
        {
            string? name = null, column = null, severity = null, description = null;
            bool? success = null;
            var seen = 0;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var ok = Named(ref r, "assertion"u8, 1, ref seen) ? (name = String(ref r)) is not null
                    : Named(ref r, "success"u8, 2, ref seen) ? r.Read() && (r.TokenType is JsonTokenType.True or JsonTokenType.False) && (success = r.TokenType == JsonTokenType.True) is not null
                    : Named(ref r, "column"u8, 4, ref seen) ? OptionalString(ref r, out column)
                    : Named(ref r, "severity"u8, 8, ref seen) ? OptionalString(ref r, out severity)
                    : Named(ref r, "description"u8, 16, ref seen) ? OptionalString(ref r, out description)
                    : r.TrySkip();
                if (!ok)
                {
                    return null;
                }
            }

            if (name is null || success is not { } passed)
            {
                return null;
            }

            assertions.Add(new Assertion(name, passed, column) { Severity = severity, Description = description });
        }

        return r.TokenType == JsonTokenType.EndArray ? assertions : null;
    }

    private ParentRunFacet? ReadParent(ref Utf8JsonReader r)
    {
        if (!OpenObject(ref r, out var start))
        {
            return null;
        }

        string? producer = null, schemaUrl = null;
        RunId? run = null, rootRun = null;
        JobId? job = null, rootJob = null;
        var root = false;
        var seen = 0;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var ok = FacetHeader(ref r, ref seen, ref producer, ref schemaUrl)
                ?? (Named(ref r, "run"u8, 4, ref seen) ? (run = RunRef(ref r)) is not null
                : Named(ref r, "job"u8, 8, ref seen) ? (job = JobRef(ref r)) is not null
                : Named(ref r, "root"u8, 16, ref seen) ? root = ReadRoot(ref r, out rootRun, out rootJob)
                : r.TrySkip());
            if (!ok)
            {
                return null;
            }
        }

        return run is { } runId && job is { } jobId
            ? new ParentRunFacet(runId, jobId)
            {
                RootRun = root ? rootRun : null, RootJob = root ? rootJob : null,
                Producer = producer, SchemaUrl = schemaUrl, SourceUtf8 = Source(start, ref r),
            }
            : null;
    }

    // The parent facet's root: both its run and its job, or the general reader decides.
    private bool ReadRoot(ref Utf8JsonReader r, out RunId? run, out JobId? job)
    {
        run = null;
        job = null;
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var seen = 0;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var ok = Named(ref r, "run"u8, 1, ref seen) ? (run = RunRef(ref r)) is not null
                : Named(ref r, "job"u8, 2, ref seen) ? (job = JobRef(ref r)) is not null
                : r.TrySkip();
            if (!ok)
            {
                return false;
            }
        }

        return run is not null && job is not null;
    }

    // {"runId": "<uuid>"} with other properties skipped.
    private static RunId? RunRef(ref Utf8JsonReader r)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        RunId? id = null;
        var seen = 0;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var ok = Named(ref r, "runId"u8, 1, ref seen) ? (id = Uuid(ref r)) is not null : r.TrySkip();
            if (!ok)
            {
                return null;
            }
        }

        return id;
    }

    // {"namespace": ..., "name": ...} with other properties skipped.
    private JobId? JobRef(ref Utf8JsonReader r)
    {
        Strings7 v = default;
        return r.Read() && ReadObjectStrings(ref r, JobRefNames, v) && v[0] is { } ns && v[1] is { } name ? new JobId(ns, name) : null;
    }

    private LifecycleStateChangeDatasetFacet? ReadLifecycle(ref Utf8JsonReader r)
    {
        if (!OpenObject(ref r, out var start))
        {
            return null;
        }

        string? producer = null, schemaUrl = null, change = null;
        DatasetId? previous = null;
        var seen = 0;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var ok = FacetHeader(ref r, ref seen, ref producer, ref schemaUrl)
                ?? (Named(ref r, "lifecycleStateChange"u8, 4, ref seen) ? (change = String(ref r)) is "ALTER" or "CREATE" or "DROP" or "OVERWRITE" or "RENAME" or "TRUNCATE"
                : Named(ref r, "previousIdentifier"u8, 8, ref seen) ? (previous = DatasetRef(ref r)) is not null
                : r.TrySkip());
            if (!ok)
            {
                return null;
            }
        }

        return change is null ? null : new LifecycleStateChangeDatasetFacet(change)
        {
            PreviousIdentifier = previous, Producer = producer, SchemaUrl = schemaUrl, SourceUtf8 = Source(start, ref r),
        };
    }

    private DatasetId? DatasetRef(ref Utf8JsonReader r)
    {
        Strings7 v = default;
        return r.Read() && ReadObjectStrings(ref r, JobRefNames, v) && v[0] is { } ns && v[1] is { } name ? new DatasetId(ns, name) : null;
    }

    // The next value as a hyphenated UUID, as the general reader reads one from its bytes; anything else declines.
    private static RunId? Uuid(ref Utf8JsonReader r) =>
        r.Read() && r.TokenType == JsonTokenType.String && !r.ValueIsEscaped && r.ValueSpan.Length == 36
        && Utf8Parser.TryParse(r.ValueSpan, out Guid guid, out var consumed, 'D') && consumed == 36
            ? new RunId(guid)
            : null;

    private static DateTimeOffset? Time(string? text) =>
        !string.IsNullOrEmpty(text) && EventReader.TryParseTime(text, out var time, out _) ? time : null;

    private static IEnumerable<byte[]> Names(params string[] names)
    {
        foreach (var name in names)
        {
            yield return System.Text.Encoding.UTF8.GetBytes(name);
        }
    }

    // A facet's header and where its bytes lie.
    private readonly record struct Head(string? Producer, string? SchemaUrl, ReadOnlyMemory<byte> Source);

    // Room for the string properties of one object, on the stack.
    [InlineArray(7)]
    private struct Strings7
    {
        private string? _element;
    }
}
