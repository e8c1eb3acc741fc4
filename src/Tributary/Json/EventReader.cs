using System.Globalization;
using System.Text;
using System.Text.Json;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Json;

/// <summary>
/// Turns one event's JSON into the model, collecting every problem with its JSON path instead of stopping at the
/// first. Lenient where producers are sloppy (missing schema URLs, times without zone, nulls for optional
/// values); strict where meaning would be lost (missing ids, wrong types, malformed UUIDs and times).
/// </summary>
internal sealed partial class EventReader
{
    private readonly bool _partial;
    private readonly List<LineageError> _errors = [];
    private readonly List<LineageError> _warnings = [];
    private readonly List<(string? Name, int Index)> _path = [];
    private readonly Utf8StringCache _strings = Utf8StringCache.ForThread;

    public EventReader(LineageReadOptions options, ReadOnlyMemory<byte> utf8 = default)
    {
        _partial = options.AllowPartial;
        _utf8 = utf8;
    }

    // The memory of the event's JSON that the document was parsed from, which lives as long as the event, when the
    // reader was given it: typed facets keep slices of it as their source. Without it (an element of someone else's
    // document) they keep copies.
    private readonly ReadOnlyMemory<byte> _utf8;

    public List<LineageError> Errors => _errors;

    public List<LineageError> Warnings => _warnings;

    public LineageEvent? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error($"an event must be a JSON object, not {Describe(root.ValueKind)}");
            return null;
        }

        JsonElement eventTime = default, producer = default, schemaUrl = default, eventType = default;
        JsonElement run = default, job = default, inputs = default, outputs = default, dataset = default;
        List<KeyValuePair<string, JsonElement>>? extra = null;
        // Names are compared as UTF-8 bytes, so reading allocates no string per property name.
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals("eventTime"u8))
            {
                eventTime = property.Value;
            }
            else if (property.NameEquals("producer"u8))
            {
                producer = property.Value;
            }
            else if (property.NameEquals("schemaURL"u8))
            {
                schemaUrl = property.Value;
            }
            else if (property.NameEquals("eventType"u8))
            {
                eventType = property.Value;
            }
            else if (property.NameEquals("run"u8))
            {
                run = property.Value;
            }
            else if (property.NameEquals("job"u8))
            {
                job = property.Value;
            }
            else if (property.NameEquals("inputs"u8))
            {
                inputs = property.Value;
            }
            else if (property.NameEquals("outputs"u8))
            {
                outputs = property.Value;
            }
            else if (property.NameEquals("dataset"u8))
            {
                dataset = property.Value;
            }
            else
            {
                (extra ??= []).Add(new(_strings.Name(property), property.Value));
            }
        }

        var time = ReadEventTime(eventTime, out var timeText);
        var producerText = producer.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null && !_partial ? MissingProducer() : RequiredString(producer, "producer") ?? "";
        var schema = OptionalString(schemaUrl, "schemaURL");
        if (schema is null && schemaUrl.ValueKind == JsonValueKind.Undefined)
        {
            Warning("schemaURL", MissingSchemaUrl);
        }

        // An eventType says "run event" unless the rest is clearly a job or dataset event (as Marquez's fixtures send).
        var looksLikeRun = eventType.ValueKind != JsonValueKind.Undefined && (_partial || (job.ValueKind == JsonValueKind.Undefined && dataset.ValueKind == JsonValueKind.Undefined));
        if (run.ValueKind != JsonValueKind.Undefined || looksLikeRun)
        {
            // Some producers add a stray top-level "dataset" to run events; it is kept, not interpreted.
            if (dataset.ValueKind != JsonValueKind.Undefined)
            {
                (extra ??= []).Add(new("dataset", dataset));
            }

            return ReadRunEvent(time, timeText, producerText, schema, extra is null ? [] : extra, eventType, run, job, inputs, outputs);
        }

        if (eventType.ValueKind != JsonValueKind.Undefined)
        {
            // Marquez's own fixtures send job events with an eventType; it is kept as an unknown property.
            (extra ??= []).Add(new("eventType", eventType));
            Warning("eventType", "an event without 'run' is a JobEvent or DatasetEvent, which has no eventType; kept as an unknown property");
        }

        IReadOnlyList<KeyValuePair<string, JsonElement>> additional = extra is null ? [] : extra;

        if (dataset.ValueKind != JsonValueKind.Undefined)
        {
            var staticDataset = ReadDataset(dataset, "dataset", DatasetRole.Static);
            return staticDataset is null ? null : new DatasetEvent
            {
                EventTime = time, EventTimeText = timeText, Producer = producerText, SchemaUrl = schema,
                AdditionalProperties = additional, Dataset = staticDataset,
            };
        }

        if (job.ValueKind != JsonValueKind.Undefined)
        {
            var staticJob = ReadJob(job);
            var ins = ReadDatasets(inputs, "inputs", DatasetRole.Input);
            var outs = WithTopLevelColumnLineage(ins, ReadDatasets(outputs, "outputs", DatasetRole.Output), extra);
            return staticJob is null ? null : new JobEvent
            {
                EventTime = time, EventTimeText = timeText, Producer = producerText, SchemaUrl = schema,
                AdditionalProperties = additional, Job = staticJob, InputsAbsent = inputs.ValueKind == JsonValueKind.Undefined, OutputsAbsent = outputs.ValueKind == JsonValueKind.Undefined,
                Inputs = ins.ConvertAll(d => (InputDataset)d), Outputs = outs.ConvertAll(d => (OutputDataset)d),
            };
        }

        Error("not an OpenLineage event: expected 'run' and 'job' (RunEvent), 'dataset' (DatasetEvent) or 'job' (JobEvent)");
        return null;
    }

    private RunEvent? ReadRunEvent(
        DateTimeOffset time, string? timeText, string producer, string? schema, IReadOnlyList<KeyValuePair<string, JsonElement>> additional,
        JsonElement eventType, JsonElement run, JsonElement job, JsonElement inputs, JsonElement outputs)
    {
        RunState? state = null;
        if (eventType.ValueKind == JsonValueKind.String)
        {
            state = ParseRunState(_strings.Text(eventType));
            if (state is null)
            {
                Error("eventType", $"'{eventType.GetString()}' is not a run state; expected START, RUNNING, COMPLETE, ABORT, FAIL or OTHER");
            }
        }
        else if (eventType.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            Error("eventType", $"expected a string, got {Describe(eventType.ValueKind)}");
        }

        var runModel = ReadRun(run);
        var jobModel = job.ValueKind == JsonValueKind.Undefined ? MissingJob() : ReadJob(job);
        var ins = ReadDatasets(inputs, "inputs", DatasetRole.Input);
        var outs = WithTopLevelColumnLineage(ins, ReadDatasets(outputs, "outputs", DatasetRole.Output), additional);
        if (runModel is null || jobModel is null)
        {
            return null;
        }

        return new RunEvent
        {
            EventTime = time, EventTimeText = timeText, Producer = producer, SchemaUrl = schema,
            AdditionalProperties = additional, EventType = state, Run = runModel, Job = jobModel,
            InputsAbsent = inputs.ValueKind == JsonValueKind.Undefined, OutputsAbsent = outputs.ValueKind == JsonValueKind.Undefined,
            Inputs = ins.ConvertAll(d => (InputDataset)d), Outputs = outs.ConvertAll(d => (OutputDataset)d),
        };
    }

    private Job? MissingJob()
    {
        if (!_partial)
        {
            Error("job", "required: a run event names its job with namespace and name");
            return null;
        }

        return new Job(new JobId("", ""));
    }

    internal static RunState? ParseRunState(string text) => text switch
    {
        "START" => RunState.Start,
        "RUNNING" => RunState.Running,
        "COMPLETE" => RunState.Complete,
        "ABORT" => RunState.Abort,
        "FAIL" => RunState.Fail,
        "OTHER" => RunState.Other,
        _ => null,
    };

    private Run? ReadRun(JsonElement run)
    {
        if (run.ValueKind == JsonValueKind.Undefined)
        {
            if (_partial)
            {
                return new Run(default(RunId));
            }

            Error("run", "required: a run event carries the run with its runId");
            return null;
        }

        Push("run");
        try
        {
            if (!ExpectObject(run))
            {
                return null;
            }

            JsonElement runId = default, facets = default;
            List<KeyValuePair<string, JsonElement>>? extra = null;
            foreach (var property in run.EnumerateObject())
            {
                if (property.NameEquals("runId"u8))
                {
                    runId = property.Value;
                }
                else if (property.NameEquals("facets"u8))
                {
                    facets = property.Value;
                }
                else
                {
                    (extra ??= []).Add(new(_strings.Name(property), property.Value));
                }
            }

            var id = ReadRunId(runId, "runId", out var idText);
            var facetSet = ReadFacets(facets, FacetPosition.Run);
            return new Run(id) { RunIdText = idText, Facets = facetSet, AdditionalProperties = extra is null ? [] : extra, EmptyFacetsPresent = IsEmptyObject(facets) };
        }
        finally
        {
            Pop();
        }
    }

    private RunId ReadRunId(JsonElement value, string name) => ReadRunId(value, name, out _, lenient: false);

    private RunId ReadRunId(JsonElement value, string name, out string? originalText, bool lenient = true)
    {
        originalText = null;
        // A hyphenated UUID, as nearly every producer sends it, is read from its bytes: no string for an id that is
        // unique to its run. Anything else goes the general way below.
        if (value.ValueKind == JsonValueKind.String && System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value) is { Length: 38 } raw
            && System.Buffers.Text.Utf8Parser.TryParse(raw[1..^1], out Guid guid, out var consumed, 'D') && consumed == 36)
        {
            return new RunId(guid);
        }

        var text = RequiredString(value, name);
        if (text is null)
        {
            return default;
        }

        if (RunId.TryParse(text, out var id))
        {
            return id;
        }

        if (!lenient || text.Length == 0)
        {
            Error(name, $"'{Truncate(text)}' is not a UUID");
            return default;
        }

        // Some test producers send ids like "run_id"; a name-based UUID keeps such runs apart and stable.
        originalText = text;
        id = RunId.FromName(text);
        Warning(name, $"'{Truncate(text)}' is not a UUID; read as the name-based UUID {id}");
        return id;
    }

    private Job? ReadJob(JsonElement job)
    {
        Push("job");
        try
        {
            if (!ExpectObject(job))
            {
                return null;
            }

            JsonElement ns = default, name = default, facets = default;
            List<KeyValuePair<string, JsonElement>>? extra = null;
            foreach (var property in job.EnumerateObject())
            {
                if (property.NameEquals("namespace"u8))
                {
                    ns = property.Value;
                }
                else if (property.NameEquals("name"u8))
                {
                    name = property.Value;
                }
                else if (property.NameEquals("facets"u8))
                {
                    facets = property.Value;
                }
                else
                {
                    (extra ??= []).Add(new(_strings.Name(property), property.Value));
                }
            }

            var id = new JobId(RequiredString(ns, "namespace") ?? "", RequiredString(name, "name") ?? "");
            return new Job(id) { Facets = ReadFacets(facets, FacetPosition.Job), AdditionalProperties = extra is null ? [] : extra, EmptyFacetsPresent = IsEmptyObject(facets) };
        }
        finally
        {
            Pop();
        }
    }

    private List<Dataset> ReadDatasets(JsonElement array, string name, DatasetRole role)
    {
        var result = new List<Dataset>(array.ValueKind == JsonValueKind.Array ? array.GetArrayLength() : 0);
        if (array.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return result;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            Error(name, $"expected an array of datasets, got {Describe(array.ValueKind)}");
            return result;
        }

        Push(name);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            Push(index++);
            var dataset = ReadDatasetBody(item, role);
            if (dataset is not null)
            {
                result.Add(dataset);
            }

            Pop();
        }

        Pop();
        return result;
    }

    private Dataset? ReadDataset(JsonElement element, string name, DatasetRole role)
    {
        Push(name);
        try
        {
            return ReadDatasetBody(element, role);
        }
        finally
        {
            Pop();
        }
    }

    private Dataset? ReadDatasetBody(JsonElement element, DatasetRole role)
    {
        if (!ExpectObject(element))
        {
            return null;
        }

        JsonElement ns = default, name = default, facets = default, inputFacets = default, outputFacets = default;
        List<KeyValuePair<string, JsonElement>>? extra = null;
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals("namespace"u8))
            {
                ns = property.Value;
            }
            else if (property.NameEquals("name"u8))
            {
                name = property.Value;
            }
            else if (property.NameEquals("facets"u8))
            {
                facets = property.Value;
            }
            else if (property.NameEquals("inputFacets"u8) && role == DatasetRole.Input)
            {
                inputFacets = property.Value;
            }
            else if (property.NameEquals("outputFacets"u8) && role == DatasetRole.Output)
            {
                outputFacets = property.Value;
            }
            else
            {
                (extra ??= []).Add(new(_strings.Name(property), property.Value));
            }
        }

        var id = new DatasetId(RequiredString(ns, "namespace") ?? "", RequiredString(name, "name") ?? "");
        var facetSet = ReadFacets(facets, FacetPosition.Dataset);
        IReadOnlyList<KeyValuePair<string, JsonElement>> additional = extra is null ? [] : extra;
        var emptyFacets = IsEmptyObject(facets);
        var emptyRoleFacets = IsEmptyObject(role == DatasetRole.Input ? inputFacets : outputFacets);
        return role switch
        {
            DatasetRole.Input => new InputDataset(id)
            {
                Facets = facetSet, AdditionalProperties = additional, EmptyFacetsPresent = emptyFacets, EmptyRoleFacetsPresent = emptyRoleFacets, InputFacets = ReadFacets(inputFacets, FacetPosition.Input, "inputFacets"),
            },
            DatasetRole.Output => WithDatasetLevelStatistics(
                new OutputDataset(id)
                {
                    Facets = facetSet, AdditionalProperties = additional, EmptyFacetsPresent = emptyFacets, EmptyRoleFacetsPresent = emptyRoleFacets, OutputFacets = ReadFacets(outputFacets, FacetPosition.Output, "outputFacets"),
                },
                extra),
            _ => new Dataset(id) { Facets = facetSet, AdditionalProperties = additional, EmptyFacetsPresent = emptyFacets },
        };
    }

    private DateTimeOffset ReadEventTime(JsonElement value, out string? text)
    {
        text = null;
        if (value.ValueKind == JsonValueKind.Undefined && _partial)
        {
            return default;
        }

        var raw = RequiredString(value, "eventTime");
        if (raw is null)
        {
            return default;
        }

        if (!TryParseTime(raw, out var time, out var hadZone))
        {
            Error("eventTime", $"'{Truncate(raw)}' is not an ISO-8601 date-time");
            return default;
        }

        if (!hadZone)
        {
            Warning("eventTime", NoTimeZone(raw));
        }

        text = raw;
        return time;
    }

    // The two warnings an event of the common shape may carry (the one-pass reader gives them too, in this order).
    internal const string MissingSchemaUrl = "missing; read as an OpenLineage 2-0-2 event";

    internal static string NoTimeZone(string eventTime) => $"'{eventTime}' has no time zone; read as UTC";

    /// <summary>Parses an ISO-8601 time leniently: no zone means UTC, and digits beyond 100 ns are dropped.</summary>
    internal static bool TryParseTime(string raw, out DateTimeOffset time, out bool hadZone)
    {
        if (TryParseCommonTime(raw, out time))
        {
            hadZone = true;
            return true;
        }

        var t = raw.IndexOfAny(['T', 't', ' ']);
        hadZone = t > 0 && (raw.EndsWith('Z') || raw.EndsWith('z') || raw.IndexOfAny(['+', '-'], t) > 0);
        var text = raw;
        var dot = raw.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < raw.Length && char.IsAsciiDigit(raw[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                text = raw[..(dot + 8)] + raw[end..];
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    // The form nearly every producer sends, 2024-01-01T00:00:00[.fffffff](Z|+hh:mm|-hh:mm), read without the general
    // parser (a fifth of reading a small event went to it). Anything else, or anything out of range, is left to it; what
    // this accepts, it reads to the same value.
    internal static bool TryParseCommonTime(string text, out DateTimeOffset time)
    {
        time = default;
        var s = text.AsSpan();
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || !Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
        {
            return false;
        }

        var i = 19;
        var fraction = 0L;
        if (s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var digits = i - start;
            if (digits is 0 or > 7)
            {
                return false;
            }

            for (var d = 0; d < 7; d++)
            {
                fraction = (fraction * 10) + (d < digits ? s[start + d] - '0' : 0);
            }
        }

        var offset = TimeSpan.Zero;
        if (i == s.Length - 1 && s[i] == 'Z')
        {
            // UTC
        }
        else if (i == s.Length - 6 && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':'
            && Digits(s, i + 1, 2, out var offsetHours) && Digits(s, i + 4, 2, out var offsetMinutes) && offsetHours < 14 && offsetMinutes < 60)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            offset = s[i] == '-' ? -offset : offset;
        }
        else
        {
            return false;
        }

        // Years 1 and 9999 are left to the general parser, which knows where an offset takes a time out of range.
        if (year is < 2 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fraction);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        return true;
    }

    private enum DatasetRole
    {
        Static,
        Input,
        Output,
    }

    // Path handling: segments are kept as a stack and formatted only when a problem is reported.
    private void Push(string name) => _path.Add((name, -1));

    private void Push(int index) => _path.Add((null, index));

    private void Pop() => _path.RemoveAt(_path.Count - 1);

    private string PathText(string? child = null)
    {
        var sb = new StringBuilder("$");
        foreach (var (name, index) in _path)
        {
            AppendSegment(sb, name, index);
        }

        if (child is not null)
        {
            AppendSegment(sb, child, -1);
        }

        return sb.ToString();
    }

    private static void AppendSegment(StringBuilder sb, string? name, int index)
    {
        if (name is null)
        {
            sb.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
        }
        else if (IsPlainName(name))
        {
            sb.Append('.').Append(name);
        }
        else
        {
            sb.Append("['").Append(name.Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
        }
    }

    private static bool IsPlainName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private void Error(string message) => _errors.Add(new LineageError(PathText(), message));

    private void Error(string child, string message) => _errors.Add(new LineageError(PathText(child), message));

    private void Warning(string child, string message) => _warnings.Add(new LineageError(PathText(child), message));

    private bool ExpectObject(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Error($"expected a JSON object, got {Describe(element.ValueKind)}");
        return false;
    }

    private string? RequiredString(JsonElement value, string name)
    {
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            if (!_partial)
            {
                Error(name, "required");
            }

            return null;
        }

        return OptionalString(value, name);
    }

    private string? OptionalString(JsonElement value, string name)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return _strings.Text(value);
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            default:
                Error(name, $"expected a string, got {Describe(value.ValueKind)}");
                return null;
        }
    }

    private static bool IsEmptyObject(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && !element.EnumerateObject().MoveNext();

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..77] + "...";

    // The bytes of `json`, as a slice of the event's copy when it lies there.
    private ReadOnlyMemory<byte> SourceOf(JsonElement json)
    {
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(json);
        if (!_utf8.IsEmpty)
        {
            var offset = (long)System.Runtime.CompilerServices.Unsafe.ByteOffset(
                ref System.Runtime.InteropServices.MemoryMarshal.GetReference(_utf8.Span),
                ref System.Runtime.InteropServices.MemoryMarshal.GetReference(raw));
            if (offset >= 0 && offset + raw.Length <= _utf8.Length)
            {
                return _utf8.Slice((int)offset, raw.Length);
            }
        }

        return raw.ToArray();
    }
}
