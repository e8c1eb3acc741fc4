using Tributary.Model;

namespace Tributary.Export;

/// <summary>
/// Writes a view as plain JSON for graph libraries (cytoscape, d3, networkx): <c>{"root", "partial",
/// "nodes":[{id, kind, namespace, name, field, label, ..., tags, propagatedTags}], "edges":[{from, to, kind, firstSeen,
/// lastSeen}]}</c>, nodes and edges sorted by node id. <c>tags</c> are put on the node and <c>propagatedTags</c> came
/// along lineage, each with its origin and path, in the shape <c>tag list --format json</c> writes.
/// </summary>
public sealed class GraphJsonExporter : ILineageExporter
{
    /// <summary>The format name: <c>json</c>.</summary>
    public string Format => "json";

    /// <summary>Writes the view as one indented JSON document.</summary>
    public void Write(LineageView view, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(view);
        Formats.WriteJson(output, json =>
        {
            json.WriteStartObject();
            Formats.WriteNullable(json, "root", view.Root?.ToString());
            json.WriteBoolean("partial", view.Partial);
            json.WriteStartArray("nodes");
            foreach (var node in view.Nodes)
            {
                json.WriteStartObject();
                json.WriteString("id", node.Id.ToString());
                json.WriteString("kind", node.Kind switch
                {
                    NodeKind.Dataset => "dataset",
                    NodeKind.Job => "job",
                    NodeKind.DatasetField => "datasetField",
                    _ => "run",
                });
                json.WriteString("namespace", node.Id.Namespace);
                json.WriteString("name", node.Id.Name);
                if (node.Id.Field is { } field)
                {
                    json.WriteString("field", field);
                }

                json.WriteString("label", node.Label);
                if (node.Dataset?.Type is { } type && node.Kind == NodeKind.Dataset)
                {
                    json.WriteString("type", type);
                }

                if (node.Field?.Type is { } fieldType)
                {
                    json.WriteString("type", fieldType);
                }

                if (node.Run is { } run)
                {
                    json.WriteString(node.Kind == NodeKind.Job ? "latestRunState" : "state", Formats.State(run.State));
                }

                if (node.Deleted)
                {
                    json.WriteBoolean("deleted", true);
                }

                if (node.UpstreamDepth is { } up)
                {
                    json.WriteNumber("upstreamDepth", up);
                }

                if (node.DownstreamDepth is { } down)
                {
                    json.WriteNumber("downstreamDepth", down);
                }

                Formats.WriteClassifications(json, node.Classifications);

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("edges");
            foreach (var edge in view.Edges)
            {
                json.WriteStartObject();
                json.WriteString("from", edge.From.ToString());
                json.WriteString("to", edge.To.ToString());
                json.WriteString("kind", JsonNamingPolicyCamel(edge.Kind.ToString()));
                json.WriteString("firstSeen", Formats.Iso(edge.FirstSeen));
                json.WriteString("lastSeen", Formats.Iso(edge.LastSeen));
                if (edge.Transformations.Count > 0)
                {
                    json.WriteStartArray("transformations");
                    foreach (var t in edge.Transformations)
                    {
                        json.WriteStartObject();
                        json.WriteString("type", t.Type);
                        Formats.WriteNullable(json, "subtype", t.Subtype);
                        Formats.WriteNullable(json, "description", t.Description);
                        json.WriteBoolean("masking", t.IsMasking);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteBoolean("masking", edge.IsMasking);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static string JsonNamingPolicyCamel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
