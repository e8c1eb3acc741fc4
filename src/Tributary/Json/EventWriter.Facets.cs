using System.Text.Json;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Json;

internal static partial class EventWriter
{
    private const string Spec = "https://openlineage.io/spec/facets/";

    internal static void WriteDatasetFacet(Utf8JsonWriter w, Facet facet) => WriteFacet(w, facet, FacetPosition.Dataset);

    private static void WriteFacet(Utf8JsonWriter w, Facet facet, FacetPosition position)
    {
        w.WriteStartObject();
        w.WriteString("_producer", facet.Producer ?? TributaryProducer);
        w.WriteString("_schemaURL", facet.SchemaUrl ?? DefaultSchemaUrl(facet, position));
        if (facet.Deleted)
        {
            w.WriteBoolean("_deleted", true);
        }

        switch (facet)
        {
            case SchemaDatasetFacet f:
                WriteSchemaFields(w, f.Fields);
                break;
            case ColumnLineageDatasetFacet f:
                w.WriteStartObject("fields");
                foreach (var field in f.Fields)
                {
                    w.WriteStartObject(field.Name);
                    WriteInputFields(w, "inputFields", field.InputFields);
                    Optional(w, "transformationDescription", field.TransformationDescription);
                    Optional(w, "transformationType", field.TransformationType);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
                if (f.Dataset.Count > 0)
                {
                    WriteInputFields(w, "dataset", f.Dataset);
                }

                break;
            case SqlJobFacet f:
                w.WriteString("query", f.Query);
                Optional(w, "dialect", f.Dialect);
                break;
            case ParentRunFacet f:
                w.WriteStartObject("run");
                w.WriteString("runId", f.Run.Value);
                w.WriteEndObject();
                WriteJobRef(w, "job", f.Job);
                if (f.RootRun is { } rootRun && f.RootJob is { } rootJob)
                {
                    w.WriteStartObject("root");
                    w.WriteStartObject("run");
                    w.WriteString("runId", rootRun.Value);
                    w.WriteEndObject();
                    WriteJobRef(w, "job", rootJob);
                    w.WriteEndObject();
                }

                break;
            case ErrorMessageRunFacet f:
                w.WriteString("message", f.Message);
                w.WriteString("programmingLanguage", f.ProgrammingLanguage);
                Optional(w, "stackTrace", f.StackTrace);
                break;
            case InputStatisticsInputDatasetFacet f:
                WriteStatistics(w, f.RowCount, f.Size, f.FileCount);
                break;
            case OutputStatisticsOutputDatasetFacet f:
                WriteStatistics(w, f.RowCount, f.Size, f.FileCount);
                break;
            case DataQualityAssertionsDatasetFacet f:
                w.WriteStartArray("assertions");
                foreach (var a in f.Assertions)
                {
                    w.WriteStartObject();
                    w.WriteString("assertion", a.Name);
                    w.WriteBoolean("success", a.Success);
                    Optional(w, "column", a.Column);
                    Optional(w, "severity", a.Severity);
                    Optional(w, "description", a.Description);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
            case DataQualityMetricsInputDatasetFacet f:
                Optional(w, "rowCount", f.RowCount);
                Optional(w, "bytes", f.Bytes);
                Optional(w, "fileCount", f.FileCount);
                w.WriteStartObject("columnMetrics");
                foreach (var c in f.ColumnMetrics)
                {
                    w.WriteStartObject(c.Column);
                    Optional(w, "nullCount", c.NullCount);
                    Optional(w, "distinctCount", c.DistinctCount);
                    Optional(w, "sum", c.Sum);
                    Optional(w, "count", c.Count);
                    Optional(w, "min", c.Min);
                    Optional(w, "max", c.Max);
                    if (c.Quantiles.Count > 0)
                    {
                        w.WriteStartObject("quantiles");
                        foreach (var (q, v) in c.Quantiles)
                        {
                            w.WriteNumber(q, v);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
                break;
            case OwnershipFacet f:
                w.WriteStartArray("owners");
                foreach (var o in f.Owners)
                {
                    w.WriteStartObject();
                    w.WriteString("name", o.Name);
                    Optional(w, "type", o.Type);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
            case DocumentationFacet f:
                w.WriteString("description", f.Description);
                Optional(w, "contentType", f.ContentType);
                break;
            case SymlinksDatasetFacet f:
                w.WriteStartArray("identifiers");
                foreach (var i in f.Identifiers)
                {
                    w.WriteStartObject();
                    w.WriteString("namespace", i.Namespace);
                    w.WriteString("name", i.Name);
                    w.WriteString("type", i.Type);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
            case LifecycleStateChangeDatasetFacet f:
                w.WriteString("lifecycleStateChange", f.LifecycleStateChange);
                if (f.PreviousIdentifier is { } previous)
                {
                    w.WriteStartObject("previousIdentifier");
                    w.WriteString("name", previous.Name);
                    w.WriteString("namespace", previous.Namespace);
                    w.WriteEndObject();
                }

                break;
            case TagsFacet f:
                w.WriteStartArray("tags");
                foreach (var t in f.Tags)
                {
                    w.WriteStartObject();
                    w.WriteString("key", t.Key);
                    w.WriteString("value", t.Value);
                    Optional(w, "source", t.Source);
                    Optional(w, "field", t.Field);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
            case DatasetVersionDatasetFacet f:
                w.WriteString("datasetVersion", f.DatasetVersion);
                break;
            case DatasourceDatasetFacet f:
                Optional(w, "name", f.Name);
                Optional(w, "uri", f.Uri);
                break;
            case StorageDatasetFacet f:
                w.WriteString("storageLayer", f.StorageLayer);
                Optional(w, "fileFormat", f.FileFormat);
                break;
            case DatasetTypeDatasetFacet f:
                w.WriteString("datasetType", f.DatasetType);
                Optional(w, "subType", f.SubType);
                break;
            case JobTypeJobFacet f:
                w.WriteString("processingType", f.ProcessingType);
                w.WriteString("integration", f.Integration);
                Optional(w, "jobType", f.JobType);
                break;
            case SourceCodeJobFacet f:
                w.WriteString("language", f.Language);
                w.WriteString("sourceCode", f.SourceCode);
                break;
            case SourceCodeLocationJobFacet f:
                w.WriteString("type", f.Type);
                w.WriteString("url", f.Url);
                Optional(w, "repoUrl", f.RepoUrl);
                Optional(w, "path", f.Path);
                Optional(w, "version", f.Version);
                Optional(w, "tag", f.Tag);
                Optional(w, "branch", f.Branch);
                break;
            case NominalTimeRunFacet f:
                WriteTime(w, "nominalStartTime", f.NominalStartTime, null);
                if (f.NominalEndTime is { } end)
                {
                    WriteTime(w, "nominalEndTime", end, null);
                }

                break;
            case ProcessingEngineRunFacet f:
                w.WriteString("version", f.Version);
                Optional(w, "name", f.Name);
                Optional(w, "openlineageAdapterVersion", f.OpenlineageAdapterVersion);
                break;
            case EnvironmentVariablesRunFacet f:
                w.WriteStartArray("environmentVariables");
                foreach (var (name, value) in f.EnvironmentVariables)
                {
                    w.WriteStartObject();
                    w.WriteString("name", name);
                    w.WriteString("value", value);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
            case OperationTypeRunFacet f:
                w.WriteString("operationType", f.OperationType.ToString().ToUpperInvariant());
                break;
            case RawFacet f:
                foreach (var property in f.Json.EnumerateObject())
                {
                    if (property.Name is not ("_producer" or "_schemaURL" or "_deleted"))
                    {
                        property.WriteTo(w);
                    }
                }

                break;
        }

        w.WriteEndObject();
    }

    // Input and output statistics share their shape.
    private static void WriteStatistics(Utf8JsonWriter w, long? rowCount, long? size, long? fileCount)
    {
        Optional(w, "rowCount", rowCount);
        Optional(w, "size", size);
        Optional(w, "fileCount", fileCount);
    }

    private static void WriteSchemaFields(Utf8JsonWriter w, IReadOnlyList<SchemaField> fields)
    {
        w.WriteStartArray("fields");
        foreach (var field in fields)
        {
            w.WriteStartObject();
            w.WriteString("name", field.Name);
            Optional(w, "type", field.Type);
            Optional(w, "description", field.Description);
            Optional(w, "ordinal_position", field.OrdinalPosition);
            if (field.Fields.Count > 0)
            {
                WriteSchemaFields(w, field.Fields);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteInputFields(Utf8JsonWriter w, string name, IReadOnlyList<InputField> inputs)
    {
        w.WriteStartArray(name);
        foreach (var input in inputs)
        {
            w.WriteStartObject();
            w.WriteString("namespace", input.Namespace);
            w.WriteString("name", input.Name);
            w.WriteString("field", input.Field);
            if (input.Transformations.Count > 0)
            {
                w.WriteStartArray("transformations");
                foreach (var t in input.Transformations)
                {
                    w.WriteStartObject();
                    w.WriteString("type", t.Type);
                    Optional(w, "subtype", t.Subtype);
                    Optional(w, "description", t.Description);
                    if (t.Masking is { } masking)
                    {
                        w.WriteBoolean("masking", masking);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteJobRef(Utf8JsonWriter w, string name, JobId job)
    {
        w.WriteStartObject(name);
        w.WriteString("namespace", job.Namespace);
        w.WriteString("name", job.Name);
        w.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void Optional(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    private static void Optional(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    /// <summary>The schema URL of a typed facet Tributary writes: the facet schema version it was checked against.</summary>
    internal static string DefaultSchemaUrl(Facet facet, FacetPosition position) => facet switch
    {
        SchemaDatasetFacet => Spec + "1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
        ColumnLineageDatasetFacet => Spec + "1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet",
        SqlJobFacet => Spec + "1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet",
        ParentRunFacet => Spec + "1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet",
        ErrorMessageRunFacet => Spec + "1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet",
        InputStatisticsInputDatasetFacet => Spec + "1-0-0/InputStatisticsInputDatasetFacet.json#/$defs/InputStatisticsInputDatasetFacet",
        OutputStatisticsOutputDatasetFacet => Spec + "1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet",
        DataQualityAssertionsDatasetFacet => Spec + "1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet",
        DataQualityMetricsInputDatasetFacet => Spec + "1-0-3/DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet",
        OwnershipFacet when position == FacetPosition.Job => Spec + "1-0-1/OwnershipJobFacet.json#/$defs/OwnershipJobFacet",
        OwnershipFacet => Spec + "1-0-1/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet",
        DocumentationFacet when position == FacetPosition.Job => Spec + "1-1-0/DocumentationJobFacet.json#/$defs/DocumentationJobFacet",
        DocumentationFacet => Spec + "1-1-0/DocumentationDatasetFacet.json#/$defs/DocumentationDatasetFacet",
        SymlinksDatasetFacet => Spec + "1-0-1/SymlinksDatasetFacet.json#/$defs/SymlinksDatasetFacet",
        LifecycleStateChangeDatasetFacet => Spec + "1-0-1/LifecycleStateChangeDatasetFacet.json#/$defs/LifecycleStateChangeDatasetFacet",
        TagsFacet when position == FacetPosition.Job => Spec + "1-0-0/TagsJobFacet.json#/$defs/TagsJobFacet",
        TagsFacet when position == FacetPosition.Run => Spec + "1-0-0/TagsRunFacet.json#/$defs/TagsRunFacet",
        TagsFacet => Spec + "1-0-0/TagsDatasetFacet.json#/$defs/TagsDatasetFacet",
        DatasetVersionDatasetFacet => Spec + "1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet",
        DatasourceDatasetFacet => Spec + "1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet",
        StorageDatasetFacet => Spec + "1-0-1/StorageDatasetFacet.json#/$defs/StorageDatasetFacet",
        DatasetTypeDatasetFacet => Spec + "1-0-1/DatasetTypeDatasetFacet.json#/$defs/DatasetTypeDatasetFacet",
        JobTypeJobFacet => Spec + "2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet",
        SourceCodeJobFacet => Spec + "1-0-1/SourceCodeJobFacet.json#/$defs/SourceCodeJobFacet",
        SourceCodeLocationJobFacet => Spec + "1-1-0/SourceCodeLocationJobFacet.json#/$defs/SourceCodeLocationJobFacet",
        NominalTimeRunFacet => Spec + "1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet",
        ProcessingEngineRunFacet => Spec + "1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet",
        EnvironmentVariablesRunFacet => Spec + "1-0-0/EnvironmentVariablesRunFacet.json#/$defs/EnvironmentVariablesRunFacet",
        OperationTypeRunFacet => OperationTypeRunFacet.SchemaUrlValue,
        _ => position switch
        {
            FacetPosition.Run => LineageEvent.CurrentSchemaUrl + "#/$defs/RunFacet",
            FacetPosition.Job => LineageEvent.CurrentSchemaUrl + "#/$defs/JobFacet",
            FacetPosition.Input => LineageEvent.CurrentSchemaUrl + "#/$defs/InputDatasetFacet",
            FacetPosition.Output => LineageEvent.CurrentSchemaUrl + "#/$defs/OutputDatasetFacet",
            _ => LineageEvent.CurrentSchemaUrl + "#/$defs/DatasetFacet",
        },
    };
}
