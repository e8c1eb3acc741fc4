using System.Text.Json;

namespace Tributary.Server.Tests.OpenMetadata;

/// <summary>
/// The keys and types OpenMetadata's JSON schemas allow (openmetadata-spec: type/entityReference.json,
/// type/entityLineage.json, entity/data/table.json, api/lineage/openlineage/openLineageResponse.json), written from
/// the schemas. The SDK's models forbid unknown keys where the schema says "additionalProperties": false.
/// </summary>
internal static class OpenMetadataShapes
{
    public static readonly string[] EntityReference = ["id", "type", "name", "fullyQualifiedName", "description", "displayName", "deleted", "href"];
    public static readonly string[] EntityLineage = ["entity", "nodes", "upstreamEdges", "downstreamEdges"];
    public static readonly string[] Edge = ["fromEntity", "toEntity", "description", "lineageDetails"];
    public static readonly string[] ColumnLineage = ["fromColumns", "toColumn", "function"];
    public static readonly string[] Table =
    [
        "id", "name", "displayName", "fullyQualifiedName", "description", "version", "updatedAt", "updatedBy", "href", "tableType",
        "columns", "databaseSchema", "database", "service", "serviceType", "owners", "tags", "deleted", "location", "viewDefinition",
    ];
    public static readonly string[] Column =
    [
        "name", "displayName", "dataType", "arrayDataType", "dataLength", "precision", "scale", "dataTypeDisplay", "description",
        "fullyQualifiedName", "tags", "constraint", "ordinalPosition", "jsonSchema", "children", "customMetrics", "profile",
    ];
    public static readonly string[] OpenLineageResponse = ["status", "message", "summary", "failedEvents", "lineageEdgesCreated"];

    /// <summary>Fails unless every key of <paramref name="element"/> is one the schema allows and the required ones are there.</summary>
    public static void Keys(JsonElement element, string[] allowed, params string[] required)
    {
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        foreach (var property in element.EnumerateObject())
        {
            Assert.True(Array.IndexOf(allowed, property.Name) >= 0, $"'{property.Name}' is not a property of the schema ({string.Join(", ", allowed)})");
        }

        foreach (var name in required)
        {
            Assert.True(element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null, $"required '{name}' is missing");
        }
    }

    /// <summary>An EntityReference: the schema's keys, a UUID id, a string type, strings and a boolean where given.</summary>
    public static void Reference(JsonElement reference)
    {
        Keys(reference, EntityReference, "id", "type");
        Assert.True(Guid.TryParse(reference.GetProperty("id").GetString(), out _));
        Assert.Equal(JsonValueKind.String, reference.GetProperty("type").ValueKind);
        foreach (var name in new[] { "name", "fullyQualifiedName", "description", "displayName", "href" })
        {
            if (reference.TryGetProperty(name, out var value))
            {
                Assert.True(value.ValueKind is JsonValueKind.String or JsonValueKind.Null, $"{name} is {value.ValueKind}");
            }
        }

        if (reference.TryGetProperty("deleted", out var deleted))
        {
            Assert.True(deleted.ValueKind is JsonValueKind.True or JsonValueKind.False);
        }
    }

    /// <summary>An EntityLineage with its edges and their details.</summary>
    public static void Lineage(JsonElement lineage)
    {
        Keys(lineage, EntityLineage, "entity");
        Reference(lineage.GetProperty("entity"));
        foreach (var node in lineage.GetProperty("nodes").EnumerateArray())
        {
            Reference(node);
        }

        foreach (var side in new[] { "upstreamEdges", "downstreamEdges" })
        {
            foreach (var edge in lineage.GetProperty(side).EnumerateArray())
            {
                Keys(edge, Edge, "fromEntity", "toEntity");
                Assert.True(Guid.TryParse(edge.GetProperty("fromEntity").GetString(), out _));
                Assert.True(Guid.TryParse(edge.GetProperty("toEntity").GetString(), out _));
                if (edge.TryGetProperty("lineageDetails", out var details) && details.ValueKind == JsonValueKind.Object)
                {
                    foreach (var column in details.GetProperty("columnsLineage").EnumerateArray())
                    {
                        Keys(column, ColumnLineage, "toColumn");
                        Assert.All(column.GetProperty("fromColumns").EnumerateArray(), c => Assert.Equal(JsonValueKind.String, c.ValueKind));
                    }

                    if (details.TryGetProperty("pipeline", out var pipeline) && pipeline.ValueKind != JsonValueKind.Null)
                    {
                        Reference(pipeline);
                    }
                }
            }
        }
    }

    /// <summary>A Table with its columns (name and dataType required, dataType one of the schema's enum values).</summary>
    public static void TableEntity(JsonElement table)
    {
        Keys(table, Table, "id", "name", "columns");
        Assert.True(Guid.TryParse(table.GetProperty("id").GetString(), out _));
        foreach (var column in table.GetProperty("columns").EnumerateArray())
        {
            Keys(column, Column, "name", "dataType");
            Assert.Matches("^[A-Z_]+$", column.GetProperty("dataType").GetString());
        }

        foreach (var container in new[] { "service", "database", "databaseSchema" })
        {
            Reference(table.GetProperty(container));
        }
    }
}
