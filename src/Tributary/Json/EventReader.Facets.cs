using System.Globalization;
using System.Text.Json;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Json;

internal sealed partial class EventReader
{
    private FacetSet ReadFacets(JsonElement facets, FacetPosition position, string name = "facets")
    {
        if (facets.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return FacetSet.Empty;
        }

        if (facets.ValueKind != JsonValueKind.Object)
        {
            Error(name, $"expected an object of facets by name, got {Describe(facets.ValueKind)}");
            return FacetSet.Empty;
        }

        Push(name);
        var list = new List<KeyValuePair<string, Facet>>(facets.GetPropertyCount());
        foreach (var property in facets.EnumerateObject())
        {
            var key = _strings.Name(property);
            Push(key);
            var facet = ReadFacet(key, property.Value, position);
            if (facet is not null)
            {
                list.Add(new(key, facet));
            }

            Pop();
        }

        Pop();
        return list.Count == 0 ? FacetSet.Empty : new FacetSet(list);
    }

    private Facet? ReadFacet(string key, JsonElement json, FacetPosition position)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            Error($"a facet must be a JSON object, got {Describe(json.ValueKind)}");
            return null;
        }

        var producer = OptionalString(Get(json, "_producer"), "_producer");
        var schemaUrl = OptionalString(Get(json, "_schemaURL"), "_schemaURL");
        var deletedElement = Get(json, "_deleted");
        var deleted = deletedElement.ValueKind == JsonValueKind.True;
        if (deletedElement.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False))
        {
            Error("_deleted", $"expected a boolean, got {Describe(deletedElement.ValueKind)}");
        }

        var errorsBefore = _errors.Count;
        Facet? typed = deleted ? null : ReadTypedFacet(key, json, position);
        if (_errors.Count > errorsBefore)
        {
            return null;
        }

        return typed is null
            ? new RawFacet(json) with { Producer = producer, SchemaUrl = schemaUrl, Deleted = deleted, SourceElement = json }
            : typed with { Producer = producer, SchemaUrl = schemaUrl, Deleted = deleted, SourceUtf8 = SourceOf(json) };
    }

    private Facet? ReadTypedFacet(string key, JsonElement json, FacetPosition position) => FacetKinds.Of(position, key) switch
    {
        FacetKind.Parent => ReadParent(json),
        FacetKind.ErrorMessage => new ErrorMessageRunFacet(Req(json, "message"), Req(json, "programmingLanguage"))
        {
            StackTrace = Opt(json, "stackTrace"),
        },
        FacetKind.NominalTime => ReadNominalTime(json),
        FacetKind.ProcessingEngine => new ProcessingEngineRunFacet(Req(json, "version"))
        {
            Name = Opt(json, "name"),
            OpenlineageAdapterVersion = Opt(json, "openlineageAdapterVersion"),
        },
        FacetKind.EnvironmentVariables => new EnvironmentVariablesRunFacet
        {
            EnvironmentVariables = Items(json, "environmentVariables", true, e => new KeyValuePair<string, string>(Req(e, "name"), Req(e, "value"))),
        },
        FacetKind.OperationType => ReadOperationType(json),
        FacetKind.Tags => new TagsFacet
        {
            Tags = Items(json, "tags", false, e => new Tag(Req(e, "key"), Req(e, "value"), Opt(e, "source"), Opt(e, "field"))),
        },
        FacetKind.Sql => new SqlJobFacet(Req(json, "query")) { Dialect = Opt(json, "dialect") },
        FacetKind.JobType => new JobTypeJobFacet(Req(json, "processingType"), Req(json, "integration"))
        {
            JobType = Opt(json, "jobType"),
        },
        FacetKind.SourceCode => new SourceCodeJobFacet(Req(json, "language"), Req(json, "sourceCode")),
        FacetKind.SourceCodeLocation => new SourceCodeLocationJobFacet(Req(json, "type"), Req(json, "url"))
        {
            RepoUrl = Opt(json, "repoUrl"), Path = Opt(json, "path"), Version = Opt(json, "version"),
            Tag = Opt(json, "tag"), Branch = Opt(json, "branch"),
        },
        FacetKind.Documentation => new DocumentationFacet(Req(json, "description"))
        {
            ContentType = Opt(json, "contentType"),
        },
        FacetKind.Ownership => new OwnershipFacet
        {
            Owners = Items(json, "owners", false, e => new Owner(Req(e, "name"), Opt(e, "type"))),
        },
        FacetKind.Schema => new SchemaDatasetFacet { Fields = Items(json, "fields", false, _readSchemaField ??= ReadSchemaField) },
        FacetKind.ColumnLineage => ReadColumnLineage(json),
        FacetKind.Symlinks => new SymlinksDatasetFacet
        {
            Identifiers = Items(json, "identifiers", false, e => new SymlinkIdentifier(Req(e, "namespace"), Req(e, "name"), Req(e, "type"))),
        },
        FacetKind.LifecycleStateChange => ReadLifecycle(json),
        FacetKind.DatasetVersion => new DatasetVersionDatasetFacet(Req(json, "datasetVersion")),
        FacetKind.DataSource => new DatasourceDatasetFacet { Name = Opt(json, "name"), Uri = Opt(json, "uri") },
        FacetKind.Storage => new StorageDatasetFacet(Req(json, "storageLayer")) { FileFormat = Opt(json, "fileFormat") },
        FacetKind.DatasetType => new DatasetTypeDatasetFacet(Req(json, "datasetType")) { SubType = Opt(json, "subType") },
        FacetKind.DataQualityAssertions => new DataQualityAssertionsDatasetFacet
        {
            Assertions = Items(json, "assertions", true, e => new Assertion(Req(e, "assertion"), ReqBool(e, "success"), Opt(e, "column"))
            {
                Severity = Opt(e, "severity"),
                Description = Opt(e, "description"),
            }),
        },
        FacetKind.DataQualityMetrics => ReadMetrics(json),
        FacetKind.InputStatistics => new InputStatisticsInputDatasetFacet
        {
            RowCount = OptLong(json, "rowCount"), Size = OptLong(json, "size"), FileCount = OptLong(json, "fileCount"),
        },
        FacetKind.OutputStatistics => new OutputStatisticsOutputDatasetFacet
        {
            RowCount = OptLong(json, "rowCount"), Size = OptLong(json, "size"), FileCount = OptLong(json, "fileCount"),
        },
        _ => null,
    };

    private ParentRunFacet ReadParent(JsonElement json)
    {
        var run = ReqObject(json, "run");
        var job = ReqObject(json, "job");
        var runId = WithPath("run", () => run.ValueKind == JsonValueKind.Object ? ReadRunId(Get(run, "runId"), "runId") : default);
        var jobId = WithPath("job", () => job.ValueKind == JsonValueKind.Object ? new JobId(Req(job, "namespace"), Req(job, "name")) : default);
        var facet = new ParentRunFacet(runId, jobId);
        var root = Get(json, "root");
        if (root.ValueKind == JsonValueKind.Object)
        {
            var rootRun = WithPath("root", () => ReqObject(root, "run"));
            var rootJob = WithPath("root", () => ReqObject(root, "job"));
            facet = facet with
            {
                RootRun = rootRun.ValueKind == JsonValueKind.Object ? WithPath("root", () => WithPath("run", () => ReadRunId(Get(rootRun, "runId"), "runId"))) : null,
                RootJob = rootJob.ValueKind == JsonValueKind.Object ? WithPath("root", () => WithPath("job", () => new JobId(Req(rootJob, "namespace"), Req(rootJob, "name")))) : null,
            };
        }

        return facet;
    }

    private NominalTimeRunFacet ReadNominalTime(JsonElement json)
    {
        var start = ReadTime(json, "nominalStartTime", required: true) ?? default;
        return new NominalTimeRunFacet(start) { NominalEndTime = ReadTime(json, "nominalEndTime", required: false) };
    }

    private DateTimeOffset? ReadTime(JsonElement json, string name, bool required)
    {
        var text = required ? Req(json, name) : Opt(json, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!TryParseTime(text, out var time, out _))
        {
            Error(name, $"'{Truncate(text)}' is not an ISO-8601 date-time");
            return null;
        }

        return time;
    }

    private OperationTypeRunFacet? ReadOperationType(JsonElement json)
    {
        var text = Req(json, "operationType");
        if (Enum.TryParse<OperationType>(text, ignoreCase: true, out var type) && !int.TryParse(text, CultureInfo.InvariantCulture, out _))
        {
            return new OperationTypeRunFacet(type);
        }

        if (text.Length > 0)
        {
            Error("operationType", $"'{Truncate(text)}' is not an operation type; expected one of {string.Join(", ", Enum.GetNames<OperationType>()).ToUpperInvariant()}");
        }

        return null;
    }

    // The facets every realistic event carries many of (schema fields, column-lineage inputs and transformations) are
    // read in one pass over their properties rather than one look-up per property; the checks, in the same order, are
    // the same, and a repeated property counts with its last value as a look-up finds it.
    private SchemaField ReadSchemaField(JsonElement e)
    {
        JsonElement name = default, type = default, description = default, ordinal = default, fields = default;
        foreach (var property in e.EnumerateObject())
        {
            if (property.NameEquals("name"u8))
            {
                name = property.Value;
            }
            else if (property.NameEquals("type"u8))
            {
                type = property.Value;
            }
            else if (property.NameEquals("description"u8))
            {
                description = property.Value;
            }
            else if (property.NameEquals("ordinal_position"u8))
            {
                ordinal = property.Value;
            }
            else if (property.NameEquals("fields"u8))
            {
                fields = property.Value;
            }
        }

        return new(RequiredString(name, "name") ?? "", OptionalString(type, "type"), OptionalString(description, "description"))
        {
            OrdinalPosition = LongValue(ordinal, "ordinal_position"),
            Fields = ItemsOf(fields, "fields", false, _readSchemaField ??= ReadSchemaField),
        };
    }

    private ColumnLineageDatasetFacet ReadColumnLineage(JsonElement json)
    {
        var fieldsElement = Get(json, "fields");
        var fields = new List<ColumnLineageField>(fieldsElement.ValueKind == JsonValueKind.Object ? fieldsElement.GetPropertyCount() : 0);
        if (fieldsElement.ValueKind == JsonValueKind.Object)
        {
            Push("fields");
            foreach (var property in fieldsElement.EnumerateObject())
            {
                var field = _strings.Name(property);
                Push(field);
                if (ExpectObject(property.Value))
                {
                    JsonElement inputFields = default, description = default, type = default;
                    foreach (var part in property.Value.EnumerateObject())
                    {
                        if (part.NameEquals("inputFields"u8))
                        {
                            inputFields = part.Value;
                        }
                        else if (part.NameEquals("transformationDescription"u8))
                        {
                            description = part.Value;
                        }
                        else if (part.NameEquals("transformationType"u8))
                        {
                            type = part.Value;
                        }
                    }

                    fields.Add(new ColumnLineageField(field, ItemsOf(inputFields, "inputFields", true, _readInputField ??= ReadInputField))
                    {
                        TransformationDescription = OptionalString(description, "transformationDescription"),
                        TransformationType = OptionalString(type, "transformationType"),
                    });
                }

                Pop();
            }

            Pop();
        }
        else if (fieldsElement.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            if (!_partial)
            {
                Error("fields", "required");
            }
        }
        else
        {
            Error("fields", $"expected an object of output fields, got {Describe(fieldsElement.ValueKind)}");
        }

        return new ColumnLineageDatasetFacet { Fields = fields, Dataset = Items(json, "dataset", false, _readInputField ??= ReadInputField) };
    }

    // Delegates made once per reader, not once per field read (a column-lineage facet reads dozens).
    private Func<JsonElement, InputField>? _readInputField;
    private Func<JsonElement, Transformation>? _readTransformation;
    private Func<JsonElement, SchemaField>? _readSchemaField;

    private InputField ReadInputField(JsonElement e)
    {
        JsonElement ns = default, name = default, field = default, transformations = default;
        foreach (var property in e.EnumerateObject())
        {
            if (property.NameEquals("namespace"u8))
            {
                ns = property.Value;
            }
            else if (property.NameEquals("name"u8))
            {
                name = property.Value;
            }
            else if (property.NameEquals("field"u8))
            {
                field = property.Value;
            }
            else if (property.NameEquals("transformations"u8))
            {
                transformations = property.Value;
            }
        }

        return new(RequiredString(ns, "namespace") ?? "", RequiredString(name, "name") ?? "", RequiredString(field, "field") ?? "")
        {
            Transformations = ItemsOf(transformations, "transformations", false, _readTransformation ??= ReadTransformation),
        };
    }

    private Transformation ReadTransformation(JsonElement t)
    {
        JsonElement type = default, subtype = default, description = default, masking = default;
        foreach (var property in t.EnumerateObject())
        {
            if (property.NameEquals("type"u8))
            {
                type = property.Value;
            }
            else if (property.NameEquals("subtype"u8))
            {
                subtype = property.Value;
            }
            else if (property.NameEquals("description"u8))
            {
                description = property.Value;
            }
            else if (property.NameEquals("masking"u8))
            {
                masking = property.Value;
            }
        }

        return new(RequiredString(type, "type") ?? "", OptionalString(subtype, "subtype"), OptionalString(description, "description"), BoolValue(masking, "masking"));
    }

    private LifecycleStateChangeDatasetFacet ReadLifecycle(JsonElement json)
    {
        var change = Req(json, "lifecycleStateChange");
        if (change.Length > 0 && change is not ("ALTER" or "CREATE" or "DROP" or "OVERWRITE" or "RENAME" or "TRUNCATE"))
        {
            Error("lifecycleStateChange", $"'{Truncate(change)}' is not one of ALTER, CREATE, DROP, OVERWRITE, RENAME, TRUNCATE");
        }

        var previous = Get(json, "previousIdentifier");
        DatasetId? previousId = previous.ValueKind == JsonValueKind.Object
            ? WithPath("previousIdentifier", () => new DatasetId(Req(previous, "namespace"), Req(previous, "name")))
            : null;
        return new LifecycleStateChangeDatasetFacet(change) { PreviousIdentifier = previousId };
    }

    private DataQualityMetricsInputDatasetFacet ReadMetrics(JsonElement json)
    {
        var columns = new List<ColumnMetrics>();
        var metrics = OptObject(json, "columnMetrics");
        if (metrics.ValueKind == JsonValueKind.Object)
        {
            Push("columnMetrics");
            foreach (var property in metrics.EnumerateObject())
            {
                Push(property.Name);
                if (ExpectObject(property.Value))
                {
                    var v = property.Value;
                    var quantiles = new List<KeyValuePair<string, double>>();
                    var q = Get(v, "quantiles");
                    if (q.ValueKind == JsonValueKind.Object)
                    {
                        Push("quantiles");
                        foreach (var quantile in q.EnumerateObject())
                        {
                            quantiles.Add(new(quantile.Name, OptDouble(q, quantile.Name) ?? 0));
                        }

                        Pop();
                    }

                    columns.Add(new ColumnMetrics(property.Name)
                    {
                        NullCount = OptLong(v, "nullCount"), DistinctCount = OptLong(v, "distinctCount"),
                        Sum = OptDouble(v, "sum"), Count = OptDouble(v, "count"), Min = OptDouble(v, "min"), Max = OptDouble(v, "max"),
                        Quantiles = quantiles,
                    });
                }

                Pop();
            }

            Pop();
        }

        if (metrics.ValueKind == JsonValueKind.Undefined && !_partial)
        {
            // Older producers (Marquez's own fixtures among them) send row and byte counts without columnMetrics;
            // a facet with neither carries no metric at all, so that one is rejected.
            if (Get(json, "rowCount").ValueKind == JsonValueKind.Undefined)
            {
                Error("columnMetrics", "required (the facet has neither columnMetrics nor rowCount)");
            }
            else
            {
                Warning("columnMetrics", "missing; the facet schema requires it, read with row counts only");
            }
        }

        return new DataQualityMetricsInputDatasetFacet
        {
            RowCount = OptLong(json, "rowCount"), Bytes = OptLong(json, "bytes"), FileCount = OptLong(json, "fileCount"), ColumnMetrics = columns,
        };
    }

    // Small typed accessors; each reports a problem at the property's path and returns a neutral value so reading goes on.
    private static JsonElement Get(JsonElement obj, string name) => obj.TryGetProperty(name, out var value) ? value : default;

    private T WithPath<T>(string name, Func<T> read)
    {
        Push(name);
        try
        {
            return read();
        }
        finally
        {
            Pop();
        }
    }

    private string Req(JsonElement obj, string name) => RequiredString(Get(obj, name), name) ?? "";

    private string? Opt(JsonElement obj, string name) => OptionalString(Get(obj, name), name);

    private JsonElement OptObject(JsonElement obj, string name)
    {
        var value = Get(obj, name);
        if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return value.ValueKind == JsonValueKind.Object ? value : default;
        }

        Error(name, $"expected an object, got {Describe(value.ValueKind)}");
        return default;
    }

    private JsonElement ReqObject(JsonElement obj, string name)
    {
        var value = Get(obj, name);
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return value;
            case JsonValueKind.Undefined or JsonValueKind.Null:
                if (!_partial)
                {
                    Error(name, "required");
                }

                return default;
            default:
                Error(name, $"expected an object, got {Describe(value.ValueKind)}");
                return default;
        }
    }

    private bool ReqBool(JsonElement obj, string name)
    {
        var value = Get(obj, name);
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null && !_partial)
        {
            Error(name, "required");
        }

        return OptBool(obj, name) ?? false;
    }

    private bool? OptBool(JsonElement obj, string name) => BoolValue(Get(obj, name), name);

    private bool? BoolValue(JsonElement value, string name)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Undefined or JsonValueKind.Null: return null;
            default:
                Error(name, $"expected a boolean, got {Describe(value.ValueKind)}");
                return null;
        }
    }

    private long? OptLong(JsonElement obj, string name) => LongValue(Get(obj, name), name);

    private long? LongValue(JsonElement value, string name)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetInt64(out var l):
                return l;
            case JsonValueKind.Number when value.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18:
                return (long)d;
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            default:
                Error(name, value.ValueKind == JsonValueKind.Number
                    ? $"expected an integer, got {value.GetRawText()}"
                    : $"expected an integer, got {Describe(value.ValueKind)}");
                return null;
        }
    }

    private double? OptDouble(JsonElement obj, string name)
    {
        var value = Get(obj, name);
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return value.GetDouble();
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            default:
                Error(name, $"expected a number, got {Describe(value.ValueKind)}");
                return null;
        }
    }

    private List<T> Items<T>(JsonElement obj, string name, bool required, Func<JsonElement, T> read) => ItemsOf(Get(obj, name), name, required, read);

    private List<T> ItemsOf<T>(JsonElement array, string name, bool required, Func<JsonElement, T> read)
    {
        // Sized to the array (a parsed array knows its length): no list grows through 4, 8, 16 on the way.
        var result = new List<T>(array.ValueKind == JsonValueKind.Array ? array.GetArrayLength() : 0);
        if (array.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            if (required && !_partial)
            {
                Error(name, "required");
            }

            return result;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            Error(name, $"expected an array, got {Describe(array.ValueKind)}");
            return result;
        }

        Push(name);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            Push(index++);
            if (ExpectObject(item))
            {
                result.Add(read(item));
            }

            Pop();
        }

        Pop();
        return result;
    }
}
