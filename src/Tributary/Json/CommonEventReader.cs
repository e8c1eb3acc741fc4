using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Json;

/// <summary>
/// The first try at reading an event: one pass of a <see cref="Utf8JsonReader"/> over its bytes, building the model
/// straight from the tokens, for the shape most lineage arrives in: a run event with a UUID run id, its job and
/// datasets, and their facets (with a schemaURL and a zoned time, or, when the caller takes warnings, the general
/// reader's warnings about their absence). The facets Tributary types are read to their types (all but the rare
/// data-quality metrics, environment-variable and operation-type facets); every other facet is kept as its bytes, a slice of
/// the event, read only for its <c>_producer</c> and <c>_schemaURL</c>. Building no document and walking no elements,
/// it reads such an event in about half the time of <see cref="EventReader"/>.
/// Anything else — a facet it does not read, an unknown property, a null where a value was expected, a repeated
/// property, any other problem or warning — makes it decline, and the general reader then reads the event with every
/// check, path and warning. What it accepts it reads to exactly the model the general reader builds; tests hold the two to
/// that on every event of the shared corpus.
/// </summary>
internal sealed partial class CommonEventReader
{
    // Lists are made at the size the last event of this thread needed: a producer's events repeat their shapes, and a
    // list grown from empty through 4 and 8 took about 7% of reading a realistic event.
    [ThreadStatic]
    private static int t_fields;

    private readonly ReadOnlyMemory<byte> _utf8;
    private readonly bool _validUtf8;
    private readonly Utf8StringCache _strings = Utf8StringCache.ForThread;

    // Where in _utf8 the reader's own bytes start: a list taken from a cache is stepped over by a new reader over the
    // bytes after it (see Shared), whose positions count from there.
    private int _base;

    private CommonEventReader(ReadOnlyMemory<byte> utf8, bool validUtf8, int @base = 0)
    {
        _utf8 = utf8;
        _validUtf8 = validUtf8;
        _base = @base;
    }

    /// <summary>
    /// The run event in <paramref name="utf8"/> (memory that lives as long as the event: typed facets keep slices of it
    /// as their source), or null when the event is not of the common shape and the general reader must read it. With
    /// <paramref name="validUtf8"/> the caller has already checked the whole event is valid UTF-8 (the door's standard
    /// JSON check does), so its strings are not checked again one by one. Given <paramref name="warnings"/>, an event
    /// without a <c>schemaURL</c> or whose time has no zone is read too, and the general reader's warnings about that
    /// are added to the list (Marquez's fixtures and older producers send such events); without it, it is declined.
    /// </summary>
    public static RunEvent? TryRead(ReadOnlyMemory<byte> utf8, bool validUtf8 = false, List<LineageError>? warnings = null)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8.Span);
            return new CommonEventReader(utf8, validUtf8).ReadEvent(ref reader, warnings);
        }
#pragma warning disable CA1031 // Declining is the answer to anything unexpected: the general reader reads the event again and reports it.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>
    /// Reads the next value of <paramref name="r"/>, a reader over <paramref name="utf8"/> from
    /// <paramref name="offset"/> on, standing just before an item of an array, as <see cref="TryRead"/> reads a whole
    /// event: the event, with <paramref name="r"/> left on its closing brace, or null (and <paramref name="r"/> and
    /// <paramref name="offset"/> anywhere: the caller reads from its own copies) for anything this reader declines. The
    /// reader may come back as a new one over the bytes from a later <paramref name="offset"/> on: add it to the
    /// reader's positions. One tokenisation finds the item's end and reads it.
    /// </summary>
    public static RunEvent? TryReadItem(ReadOnlyMemory<byte> utf8, ref Utf8JsonReader r, ref int offset, bool validUtf8, List<LineageError> warnings)
    {
        try
        {
            var reader = new CommonEventReader(utf8, validUtf8, offset);
            var read = reader.ReadEvent(ref r, warnings, whole: false);
            offset = reader._base;
            return read;
        }
#pragma warning disable CA1031 // Declining is the answer to anything unexpected, as in TryRead.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    // With `whole`, the event is all of the reader's content (nothing may follow it); otherwise it is an array's item.
    private RunEvent? ReadEvent(ref Utf8JsonReader r, List<LineageError>? warnings, bool whole = true)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? timeText = null, producer = null, schemaUrl = null;
        RunState? state = null;
        Run? run = null;
        Job? job = null;
        List<InputDataset>? inputs = null;
        List<OutputDataset>? outputs = null;
        var seen = 0;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var ok = Once(ref r, ref seen) switch
            {
                Top.EventTime => (timeText = String(ref r, cached: false)) is not null,
                Top.Producer => (producer = String(ref r)) is not null,
                Top.SchemaUrl => (schemaUrl = String(ref r)) is not null,
                Top.EventType => String(ref r) is { } type && (state = EventReader.ParseRunState(type)) is not null,
                Top.Run => (run = ReadRun(ref r)) is not null,
                Top.Job => (job = ReadJob(ref r)) is not null,
                Top.Inputs => (inputs = ReadDatasets<InputDataset>(ref r, output: false)) is not null,
                Top.Outputs => (outputs = ReadDatasets<OutputDataset>(ref r, output: true)) is not null,
                _ => false,
            };
            if (!ok)
            {
                return null;
            }
        }

        // A missing producer, or content after the event, is for the general reader to report; so are a missing schema
        // URL and a time without a zone, unless the caller takes the same warnings the general reader gives for them.
        if (r.TokenType != JsonTokenType.EndObject || (whole && r.Read()) || timeText is null || producer is null
            || run is null || job is null || !EventReader.TryParseTime(timeText, out var time, out var zoned)
            || ((!zoned || schemaUrl is null) && warnings is null))
        {
            return null;
        }

        if (!zoned)
        {
            warnings!.Add(new LineageError("$.eventTime", EventReader.NoTimeZone(timeText)));
        }

        if (schemaUrl is null)
        {
            warnings!.Add(new LineageError("$.schemaURL", EventReader.MissingSchemaUrl));
        }

        return new RunEvent
        {
            EventTime = time, EventTimeText = timeText, Producer = producer, SchemaUrl = schemaUrl,
            AdditionalProperties = [], EventType = state, Run = run, Job = job,
            InputsAbsent = inputs is null, OutputsAbsent = outputs is null,
            Inputs = inputs ?? [], Outputs = outputs ?? [],
        };
    }

    private enum Top
    {
        None,
        EventTime,
        Producer,
        SchemaUrl,
        EventType,
        Run,
        Job,
        Inputs,
        Outputs,
    }

    // Which top-level property this is, once: a repeated or unknown one is None.
    private static Top Once(ref Utf8JsonReader r, ref int seen)
    {
        var which = r.ValueTextEquals("eventTime"u8) ? Top.EventTime
            : r.ValueTextEquals("producer"u8) ? Top.Producer
            : r.ValueTextEquals("schemaURL"u8) ? Top.SchemaUrl
            : r.ValueTextEquals("eventType"u8) ? Top.EventType
            : r.ValueTextEquals("run"u8) ? Top.Run
            : r.ValueTextEquals("job"u8) ? Top.Job
            : r.ValueTextEquals("inputs"u8) ? Top.Inputs
            : r.ValueTextEquals("outputs"u8) ? Top.Outputs
            : Top.None;
        var bit = 1 << (int)which;
        if (which == Top.None || (seen & bit) != 0)
        {
            return Top.None;
        }

        seen |= bit;
        return which;
    }

    private Run? ReadRun(ref Utf8JsonReader r)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        RunId? id = null;
        FacetSet? facets = null;
        var emptyFacets = false;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("runId"u8) && id is null)
            {
                if (!r.Read() || r.TokenType != JsonTokenType.String || r.ValueIsEscaped || r.ValueSpan.Length != 36
                    || !Utf8Parser.TryParse(r.ValueSpan, out Guid guid, out var consumed, 'D') || consumed != 36)
                {
                    return null;
                }

                id = new RunId(guid);
            }
            else if (!(r.ValueTextEquals("facets"u8) && facets is null && (facets = ReadFacets(ref r, FacetPosition.Run, out emptyFacets)) is not null))
            {
                return null;
            }
        }

        return id is { } runId ? new Run(runId) { Facets = facets ?? FacetSet.Empty, AdditionalProperties = [], EmptyFacetsPresent = emptyFacets } : null;
    }

    private Job? ReadJob(ref Utf8JsonReader r)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? ns = null, name = null;
        FacetSet? facets = null;
        var emptyFacets = false;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var ok = r.ValueTextEquals("namespace"u8) && ns is null ? (ns = String(ref r)) is not null
                : r.ValueTextEquals("name"u8) && name is null ? (name = String(ref r)) is not null
                : r.ValueTextEquals("facets"u8) && facets is null && (facets = ReadFacets(ref r, FacetPosition.Job, out emptyFacets)) is not null;
            if (!ok)
            {
                return null;
            }
        }

        return ns is null || name is null ? null
            : new Job(new JobId(ns, name)) { Facets = facets ?? FacetSet.Empty, AdditionalProperties = [], EmptyFacetsPresent = emptyFacets };
    }

    private List<T>? ReadDatasets<T>(ref Utf8JsonReader r, bool output)
        where T : Dataset
    {
        if (!r.Read() || r.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var list = new List<T>(2);
        while (r.Read() && r.TokenType == JsonTokenType.StartObject)
        {
            if (ReadDataset(ref r, output) is not T dataset)
            {
                return null;
            }

            list.Add(dataset);
        }

        return r.TokenType == JsonTokenType.EndArray ? list : null;
    }

    private Dataset? ReadDataset(ref Utf8JsonReader r, bool output)
    {
        string? ns = null, name = null;
        FacetSet? facets = null, roleFacets = null;
        bool emptyFacets = false, emptyRoleFacets = false;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            bool ok;
            if (r.ValueTextEquals("namespace"u8) && ns is null)
            {
                ok = (ns = String(ref r)) is not null;
            }
            else if (r.ValueTextEquals("name"u8) && name is null)
            {
                ok = (name = String(ref r)) is not null;
            }
            else if (r.ValueTextEquals("facets"u8) && facets is null)
            {
                ok = (facets = ReadFacets(ref r, FacetPosition.Dataset, out emptyFacets)) is not null;
            }
            else if (r.ValueTextEquals(output ? "outputFacets"u8 : "inputFacets"u8) && roleFacets is null)
            {
                ok = (roleFacets = ReadFacets(ref r, output ? FacetPosition.Output : FacetPosition.Input, out emptyRoleFacets)) is not null;
            }
            else
            {
                ok = false;
            }

            if (!ok)
            {
                return null;
            }
        }

        if (ns is null || name is null)
        {
            return null;
        }

        var id = new DatasetId(ns, name);
        return output
            ? new OutputDataset(id)
            {
                Facets = facets ?? FacetSet.Empty, AdditionalProperties = [], EmptyFacetsPresent = emptyFacets,
                EmptyRoleFacetsPresent = emptyRoleFacets, OutputFacets = roleFacets ?? FacetSet.Empty,
            }
            : new InputDataset(id)
            {
                Facets = facets ?? FacetSet.Empty, AdditionalProperties = [], EmptyFacetsPresent = emptyFacets,
                EmptyRoleFacetsPresent = emptyRoleFacets, InputFacets = roleFacets ?? FacetSet.Empty,
            };
    }

    private SchemaDatasetFacet? ReadSchema(ref Utf8JsonReader r) =>
        ReadListFacet(ref r, "fields"u8, SharedSchemaFieldsReader, out var fields, out var h)
            ? new SchemaDatasetFacet { Fields = fields ?? [], Producer = h.Producer, SchemaUrl = h.SchemaUrl, SourceUtf8 = h.Source }
            : null;

    // Made once per process: the reader is an argument, so no event's read allocates a delegate.
    private static readonly ListReader<SchemaField> SharedSchemaFieldsReader = static (CommonEventReader c, ref Utf8JsonReader r) => c.ReadSharedSchemaFields(ref r);
    private static readonly ValueReader SchemaFieldsReader = static (CommonEventReader c, ref Utf8JsonReader r) => c.ReadSchemaFields(ref r);
    private static readonly ValueReader ColumnFieldsReader = static (CommonEventReader c, ref Utf8JsonReader r) => c.ReadColumnFields(ref r);
    private static readonly ListReader<Assertion> AssertionsReader = static (CommonEventReader c, ref Utf8JsonReader r) => c.ReadAssertionList(ref r);

    private delegate List<T>? ListReader<T>(CommonEventReader reader, ref Utf8JsonReader r);

    private delegate object? ValueReader(CommonEventReader reader, ref Utf8JsonReader r);

    // A facet whose one property of interest is a list (a schema's fields, data-quality assertions), null when absent.
    private bool ReadListFacet<T>(ref Utf8JsonReader r, ReadOnlySpan<byte> name, ListReader<T> read, out List<T>? list, out Head head)
    {
        list = null;
        head = default;
        if (!OpenObject(ref r, out var start))
        {
            return false;
        }

        string? producer = null, schemaUrl = null;
        var seen = 0;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var ok = FacetHeader(ref r, ref seen, ref producer, ref schemaUrl)
                ?? (Named(ref r, name, 4, ref seen) ? (list = read(this, ref r)) is not null : r.TrySkip());
            if (!ok)
            {
                return false;
            }
        }

        head = new Head(producer, schemaUrl, Source(start, ref r));
        return true;
    }

    // The inputStatistics and outputStatistics facets: three optional whole numbers.
    private Statistics? ReadStatistics(ref Utf8JsonReader r)
    {
        if (!OpenObject(ref r, out var start))
        {
            return null;
        }

        string? producer = null, schemaUrl = null;
        long? rows = null, size = null, files = null;
        var seen = 0;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var ok = FacetHeader(ref r, ref seen, ref producer, ref schemaUrl)
                ?? (Named(ref r, "rowCount"u8, 4, ref seen) ? OptionalLong(ref r, out rows)
                : Named(ref r, "size"u8, 8, ref seen) ? OptionalLong(ref r, out size)
                : Named(ref r, "fileCount"u8, 16, ref seen) ? OptionalLong(ref r, out files)
                : r.TrySkip());
            if (!ok)
            {
                return null;
            }
        }

        return new Statistics(rows, size, files, producer, schemaUrl, Source(start, ref r));
    }

    private readonly record struct Statistics(long? Rows, long? Size, long? Files, string? Producer, string? SchemaUrl, ReadOnlyMemory<byte> Source);

    private static bool OptionalLong(ref Utf8JsonReader r, out long? value)
    {
        value = null;
        if (!r.Read())
        {
            return false;
        }

        if (r.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (r.TokenType != JsonTokenType.Number || !r.TryGetInt64(out var number))
        {
            return false;
        }

        value = number;
        return true;
    }

    // Each cache holds one kind of list, so what it gives back needs no checked cast.
    private List<SchemaField>? ReadSharedSchemaFields(ref Utf8JsonReader r) =>
        Unsafe.As<List<SchemaField>>(Shared(ref r, Utf8ValueCache.Schemas, SchemaFieldsReader));

    // A list whose very bytes this thread read before is taken from the cache (see Utf8ValueCache) and stepped over
    // without reading it again; any other is read once and kept. Either way the reader ends on the list's last token, and
    // `r` stands on a property name.
    private object? Shared(ref Utf8JsonReader r, Utf8ValueCache cache, ValueReader read)
    {
        var before = r;
        if (!r.Read() || r.TokenType is not (JsonTokenType.StartArray or JsonTokenType.StartObject))
        {
            return null;
        }

        var start = _base + (int)r.TokenStartIndex;
        var rest = _utf8.Span[start..];
        if (cache.Find(rest, out var slot, out var length) is { } shared)
        {
            r = After(before.CurrentState, rest[0], start + length);
            return shared;
        }

        r = before;
        var list = read(this, ref r);
        var end = _base + (int)r.TokenStartIndex + 1;
        if (list is not null && end - start <= Utf8ValueCache.MaxBytes)
        {
            cache.Keep(slot, rest[..(end - start)], list);
        }

        return list;
    }

    // A reader that has just read the value of the property a reader in state `atName` stands on: a list (`open` is its
    // bracket) ending at `end`. The cached list's bytes are a whole JSON value equal to the ones there, so the value
    // ends where they do and is as well-formed as when they were first read: tokenising it again (as Skip does) would
    // find only that, at about a tenth of reading a realistic event. The state after the value is that of a reader
    // that read an empty list of the same kind in its place; a reader in that state continues from `end`.
    private Utf8JsonReader After(JsonReaderState atName, byte open, int end)
    {
        var empty = new Utf8JsonReader(open == (byte)'[' ? "[]"u8 : "{}"u8, isFinalBlock: false, atName);
        if (!empty.Read() || !empty.Read())
        {
            throw new InvalidOperationException("an empty list did not read");
        }

        _base = end;
        return new Utf8JsonReader(_utf8.Span[end..], isFinalBlock: true, empty.CurrentState);
    }

    private List<SchemaField>? ReadSchemaFields(ref Utf8JsonReader r)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var fields = new List<SchemaField>(Math.Max(t_fields, 4));
        while (r.Read() && r.TokenType == JsonTokenType.StartObject)
        {
            string? name = null, type = null, description = null;
            long? ordinal = null;
            List<SchemaField>? nested = null;
            var seen = 0;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var ok = Named(ref r, "name"u8, 1, ref seen) ? (name = String(ref r)) is not null
                    : Named(ref r, "type"u8, 2, ref seen) ? OptionalString(ref r, out type)
                    : Named(ref r, "description"u8, 4, ref seen) ? OptionalString(ref r, out description)
                    : Named(ref r, "ordinal_position"u8, 8, ref seen) ? r.Read() && r.TokenType == JsonTokenType.Number && r.TryGetInt64(out var position) && (ordinal = position) is not null
                    : Named(ref r, "fields"u8, 16, ref seen) ? (nested = ReadSchemaFields(ref r)) is not null
                    : r.TrySkip();
                if (!ok)
                {
                    return null;
                }
            }

            if (name is null)
            {
                return null;
            }

            fields.Add(new SchemaField(name, type, description) { OrdinalPosition = ordinal, Fields = nested ?? [] });
        }

        t_fields = fields.Count;
        return r.TokenType == JsonTokenType.EndArray ? fields : null;
    }

    private ColumnLineageDatasetFacet? ReadColumnLineage(ref Utf8JsonReader r)
    {
        if (!OpenObject(ref r, out var start))
        {
            return null;
        }

        string? producer = null, schemaUrl = null;
        List<ColumnLineageField>? fields = null;
        InputField[]? dataset = null;
        var seen = 0;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var ok = FacetHeader(ref r, ref seen, ref producer, ref schemaUrl)
                ?? (Named(ref r, "fields"u8, 8, ref seen) ? (fields = Unsafe.As<List<ColumnLineageField>>(Shared(ref r, Utf8ValueCache.ColumnLineage, ColumnFieldsReader))) is not null
                : Named(ref r, "dataset"u8, 16, ref seen) ? (dataset = ReadInputFields(ref r)) is not null
                : r.TrySkip());
            if (!ok)
            {
                return null;
            }
        }

        // Without its fields the facet is an error, which the general reader reports with its path.
        return fields is null ? null : new ColumnLineageDatasetFacet
        {
            Fields = fields, Dataset = dataset ?? [], Producer = producer, SchemaUrl = schemaUrl, SourceUtf8 = Source(start, ref r),
        };
    }

    private List<ColumnLineageField>? ReadColumnFields(ref Utf8JsonReader r)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var fields = new List<ColumnLineageField>(Math.Max(t_fields, 4));
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueIsEscaped || !IsText(r.ValueSpan))
            {
                return null;
            }

            var field = _strings.Text(r.ValueSpan);
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            InputField[]? inputs = null;
            string? description = null, type = null;
            var seen = 0;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var ok = Named(ref r, "inputFields"u8, 1, ref seen) ? (inputs = ReadInputFields(ref r)) is not null
                    : Named(ref r, "transformationDescription"u8, 2, ref seen) ? OptionalString(ref r, out description)
                    : Named(ref r, "transformationType"u8, 4, ref seen) ? OptionalString(ref r, out type)
                    : r.TrySkip();
                if (!ok)
                {
                    return null;
                }
            }

            if (inputs is null)
            {
                return null;
            }

            fields.Add(new ColumnLineageField(field, inputs) { TransformationDescription = description, TransformationType = type });
        }

        return fields;
    }

    // An input field's list and its transformations are gathered in the thread's lists and kept as exact arrays: every
    // column of every column-lineage facet has them, and a list around each array was an object more per column. They
    // do not nest (an input field's transformations are read while its list is gathered, each in its own list).
    [ThreadStatic]
    private static List<InputField>? t_inputs;

    [ThreadStatic]
    private static List<Transformation>? t_transformations;

    private InputField[]? ReadInputFields(ref Utf8JsonReader r)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var inputs = t_inputs ??= new List<InputField>(8);
        inputs.Clear();
        while (r.Read() && r.TokenType == JsonTokenType.StartObject)
        {
            string? ns = null, name = null, field = null;
            Transformation[]? transformations = null;
            var seen = 0;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var ok = Named(ref r, "namespace"u8, 1, ref seen) ? (ns = String(ref r)) is not null
                    : Named(ref r, "name"u8, 2, ref seen) ? (name = String(ref r)) is not null
                    : Named(ref r, "field"u8, 4, ref seen) ? (field = String(ref r)) is not null
                    : Named(ref r, "transformations"u8, 8, ref seen) ? (transformations = ReadTransformations(ref r)) is not null
                    : r.TrySkip();
                if (!ok)
                {
                    return null;
                }
            }

            if (ns is null || name is null || field is null)
            {
                return null;
            }

            inputs.Add(new InputField(ns, name, field) { Transformations = transformations ?? [] });
        }

        InputField[]? read = r.TokenType == JsonTokenType.EndArray ? [.. inputs] : null;
        inputs.Clear();
        return read;
    }

    private Transformation[]? ReadTransformations(ref Utf8JsonReader r)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var transformations = t_transformations ??= new List<Transformation>(4);
        transformations.Clear();
        while (r.Read() && r.TokenType == JsonTokenType.StartObject)
        {
            string? type = null, subtype = null, description = null;
            bool? masking = null;
            var seen = 0;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var ok = Named(ref r, "type"u8, 1, ref seen) ? (type = String(ref r)) is not null
                    : Named(ref r, "subtype"u8, 2, ref seen) ? OptionalString(ref r, out subtype)
                    : Named(ref r, "description"u8, 4, ref seen) ? OptionalString(ref r, out description)
                    : Named(ref r, "masking"u8, 8, ref seen) ? r.Read() && (r.TokenType is JsonTokenType.True or JsonTokenType.False) && (masking = r.TokenType == JsonTokenType.True) is not null
                    : r.TrySkip();
                if (!ok)
                {
                    return null;
                }
            }

            if (type is null)
            {
                return null;
            }

            transformations.Add(SharedTransformation(type, subtype, description, masking));
        }

        Transformation[]? read = r.TokenType != JsonTokenType.EndArray ? null
            : t_lastTransformations is { } last && SameItems(last, transformations) ? last
            : t_lastTransformations = [.. transformations];
        transformations.Clear();
        return read;
    }

    // The transformations of a facet's columns mostly repeat one or two lists (DIRECT IDENTITY), and the strings they are
    // made of come from the thread's string cache as the same instances: the thread's last transformation and last list
    // are taken again when equal, instead of a record and an array per input field. Both are immutable, so events share
    // them as they share cached lists.
    [ThreadStatic]
    private static Transformation? t_lastTransformation;

    [ThreadStatic]
    private static Transformation[]? t_lastTransformations;

    private static Transformation SharedTransformation(string type, string? subtype, string? description, bool? masking) =>
        t_lastTransformation is { } last && ReferenceEquals(last.Type, type) && ReferenceEquals(last.Subtype, subtype)
            && ReferenceEquals(last.Description, description) && last.Masking == masking
            ? last
            : t_lastTransformation = new Transformation(type, subtype, description, masking);

    private static bool SameItems(Transformation[] kept, List<Transformation> read)
    {
        if (kept.Length != read.Count)
        {
            return false;
        }

        for (var i = 0; i < kept.Length; i++)
        {
            if (!ReferenceEquals(kept[i], read[i]))
            {
                return false;
            }
        }

        return true;
    }

    // A facet's _producer and _schemaURL (strings; a null one reads as absent), and the _deleted flag, which only the
    // general reader handles: true when the property was one of these and read, false to decline, null for another.
    private bool? FacetHeader(ref Utf8JsonReader r, ref int seen, ref string? producer, ref string? schemaUrl)
    {
        if (Named(ref r, "_producer"u8, 1, ref seen))
        {
            return OptionalString(ref r, out producer);
        }

        if (Named(ref r, "_schemaURL"u8, 2, ref seen))
        {
            return OptionalString(ref r, out schemaUrl);
        }

        return r.ValueTextEquals("_deleted"u8) ? false : null;
    }

    // True for the property `name` the first time; a repeat is left to the general reader (it keeps the last value).
    private static bool Named(ref Utf8JsonReader r, ReadOnlySpan<byte> name, int bit, ref int seen)
    {
        if (!r.ValueTextEquals(name))
        {
            return false;
        }

        if ((seen & bit) != 0)
        {
            // Rare enough to leave by the one way out that every caller has: TryRead declines.
            throw new InvalidOperationException("repeated property");
        }

        seen |= bit;
        return true;
    }

    private bool IsText(ReadOnlySpan<byte> utf8) => _validUtf8 || Utf8.IsValid(utf8);

    // The next value as a string: null (to decline) for anything but a valid UTF-8 string. `cached` false keeps it out
    // of the thread's cache: for a value every event has its own of (its eventTime), which the cache could only miss
    // on, pushing out a name that repeats.
    private string? String(ref Utf8JsonReader r, bool cached = true) =>
        r.Read() && r.TokenType == JsonTokenType.String ? Text(ref r, cached) : null;

    // The string value the reader is on. Escaped text (SQL and code spread over lines, quotes in descriptions) is
    // unescaped and checked as the general reader's element does it; plain text comes from the thread's cache.
    private string? Text(ref Utf8JsonReader r, bool cached = true)
    {
        if (r.ValueIsEscaped)
        {
            return r.GetString();
        }

        return !IsText(r.ValueSpan) ? null : cached ? _strings.Text(r.ValueSpan) : System.Text.Encoding.UTF8.GetString(r.ValueSpan);
    }

    // The next value as an optional string: a string or null reads, anything else declines.
    private bool OptionalString(ref Utf8JsonReader r, out string? value)
    {
        value = null;
        if (!r.Read())
        {
            return false;
        }

        if (r.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        return r.TokenType == JsonTokenType.String && (value = Text(ref r)) is not null;
    }

    // Enters the object that is the next value: false (to decline) for anything else; `start` is where its bytes begin.
    private bool OpenObject(ref Utf8JsonReader r, out int start)
    {
        start = 0;
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        start = _base + (int)r.TokenStartIndex;
        return true;
    }

    // The bytes of the object that started at `start` and that the reader has just closed: its source, written back
    // unchanged, as the general reader keeps it.
    private ReadOnlyMemory<byte> Source(int start, ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.EndObject ? _utf8.Slice(start, _base + (int)r.BytesConsumed - start) : throw new InvalidOperationException("unclosed facet");
}
