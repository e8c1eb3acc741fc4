using System.Text.Json;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Json;

// The OpenLineage pattern document writes its events by hand, close to OpenLineage but not quite: no producer, a
// top-level "columnLineage" list of {targetColumn, sourceColumns[{table, column}], transformation}, and
// "outputStatistics" directly on an output dataset. Anyone following that document literally would otherwise get
// a rejected event, or an accepted one whose column lineage and volumes are silently lost. Each is read here as
// the standard facet it stands for, with a warning that says so; the stored event stays exactly as sent.
internal sealed partial class EventReader
{
    private string MissingProducer()
    {
        Warning("producer", $"missing; read as '{LineageJson.DefaultProducer}' (set 'producer' to the URI of the code that emits the event, so its events can be told apart)");
        return LineageJson.DefaultProducer;
    }

    // The top-level "columnLineage" list becomes the columnLineage facet of the output it describes.
    private List<Dataset> WithTopLevelColumnLineage(List<Dataset> inputs, List<Dataset> outputs, IReadOnlyList<KeyValuePair<string, JsonElement>>? extra)
    {
        var list = Find(extra, "columnLineage");
        if (list.ValueKind == JsonValueKind.Undefined)
        {
            return outputs;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            Warning("columnLineage", $"not part of OpenLineage and not a list of {{targetColumn, sourceColumns, transformation}} ({Describe(list.ValueKind)}); kept in the stored event, not read");
            return outputs;
        }

        if (outputs.Count != 1)
        {
            Warning("columnLineage", $"not part of OpenLineage; the event has {outputs.Count} outputs, so which one it describes is unknown: kept in the stored event, not read (send the columnLineage facet on the output)");
            return outputs;
        }

        var output = (OutputDataset)outputs[0];
        if (output.Facets[ColumnLineageDatasetFacet.Key] is not null)
        {
            Warning("columnLineage", "not part of OpenLineage; the output already has a columnLineage facet, which is used instead");
            return outputs;
        }

        var fields = new List<ColumnLineageField>();
        var index = 0;
        Push("columnLineage");
        foreach (var item in list.EnumerateArray())
        {
            Push(index++);
            if (ReadPatternColumn(item, inputs, output.Id) is { } field)
            {
                fields.Add(field);
            }

            Pop();
        }

        Pop();
        Warning("columnLineage", $"not part of OpenLineage; read as the columnLineage facet of outputs[0] ({output.Id.Namespace}:{output.Id.Name}), {fields.Count} fields");
        return [output with { Facets = output.Facets.With(ColumnLineageDatasetFacet.Key, new ColumnLineageDatasetFacet { Fields = fields }) }];
    }

    private ColumnLineageField? ReadPatternColumn(JsonElement item, List<Dataset> inputs, DatasetId output)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            _warnings.Add(new LineageError(PathText(), $"expected {{targetColumn, sourceColumns, transformation}}, got {Describe(item.ValueKind)}; skipped"));
            return null;
        }

        var target = Get(item, "targetColumn");
        if (target.ValueKind != JsonValueKind.String || target.GetString() is not { Length: > 0 } targetName)
        {
            Warning("targetColumn", "missing or not a string; this entry is skipped");
            return null;
        }

        var transformation = PatternTransformation(Get(item, "transformation"));
        var sources = new List<InputField>();
        var columns = Get(item, "sourceColumns");
        if (columns.ValueKind == JsonValueKind.Array)
        {
            foreach (var source in columns.EnumerateArray())
            {
                var table = source.ValueKind == JsonValueKind.Object ? Get(source, "table") : default;
                var column = source.ValueKind == JsonValueKind.Object ? Get(source, "column") : default;
                if (table.ValueKind != JsonValueKind.String || column.ValueKind != JsonValueKind.String)
                {
                    Warning("sourceColumns", "an entry without a string 'table' and 'column' is skipped");
                    continue;
                }

                var dataset = PatternTable(table.GetString()!, inputs, output);
                sources.Add(new InputField(dataset.Namespace, dataset.Name, column.GetString()!) { Transformations = [transformation] });
            }
        }

        return new ColumnLineageField(targetName, sources);
    }

    // "table" is the bare table name the document uses for an input: the input of that name, or whose name ends in
    // ".table" or "/table"; failing that, a table of that name beside the output.
    private static DatasetId PatternTable(string table, List<Dataset> inputs, DatasetId output)
    {
        foreach (var input in inputs)
        {
            if (string.Equals(input.Id.Name, table, StringComparison.Ordinal))
            {
                return input.Id;
            }
        }

        foreach (var input in inputs)
        {
            var name = input.Id.Name;
            if (name.Length > table.Length && name.EndsWith(table, StringComparison.Ordinal) && name[^(table.Length + 1)] is '.' or '/')
            {
                return input.Id;
            }
        }

        return new DatasetId(output.Namespace, table);
    }

    // The document writes "DIRECT" for a copied column and the expression otherwise.
    private static Transformation PatternTransformation(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : "";
        if (text.Length == 0 || text is "DIRECT" or "IDENTITY")
        {
            return Transformation.Identity;
        }

        if (text == "INDIRECT")
        {
            return new Transformation("INDIRECT");
        }

        var aggregate = text.StartsWith("SUM(", StringComparison.OrdinalIgnoreCase) || text.StartsWith("COUNT(", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("AVG(", StringComparison.OrdinalIgnoreCase) || text.StartsWith("MIN(", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("MAX(", StringComparison.OrdinalIgnoreCase);
        return new Transformation("DIRECT", aggregate ? "AGGREGATION" : "TRANSFORMATION", text);
    }

    // "outputStatistics" on the output dataset itself becomes its outputStatistics output facet.
    private OutputDataset WithDatasetLevelStatistics(OutputDataset output, List<KeyValuePair<string, JsonElement>>? extra)
    {
        var statistics = Find(extra, "outputStatistics");
        if (statistics.ValueKind == JsonValueKind.Undefined)
        {
            return output;
        }

        if (statistics.ValueKind != JsonValueKind.Object || output.OutputFacets[OutputStatisticsOutputDatasetFacet.Key] is not null)
        {
            Warning("outputStatistics", "not part of OpenLineage here (it belongs in outputFacets); kept in the stored event, not read");
            return output;
        }

        var facet = new OutputStatisticsOutputDatasetFacet
        {
            RowCount = WholeNumber(statistics, "rowCount"),
            Size = WholeNumber(statistics, "size"),
            FileCount = WholeNumber(statistics, "fileCount"),
        };
        var others = new List<string>();
        foreach (var property in statistics.EnumerateObject())
        {
            if (property.Name is not ("rowCount" or "size" or "fileCount"))
            {
                others.Add(property.Name);
            }
        }

        var rest = others.Count == 0 ? "" : $"; {string.Join(", ", others)} kept in the stored event only";
        Warning("outputStatistics", $"not part of OpenLineage here; read as outputFacets.outputStatistics (rowCount {facet.RowCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, size {facet.Size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}){rest}");
        return output with { OutputFacets = output.OutputFacets.With(OutputStatisticsOutputDatasetFacet.Key, facet) };
    }

    private static long? WholeNumber(JsonElement element, string name) =>
        Get(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : null;

    private static JsonElement Find(IReadOnlyList<KeyValuePair<string, JsonElement>>? extra, string name)
    {
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                if (key == name)
                {
                    return value;
                }
            }
        }

        return default;
    }
}
