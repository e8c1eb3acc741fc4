using Tributary.Graph;
using System.Text.Json;
using Tributary.Json;
using Tributary.Model;
using Tributary.Storage;

namespace Tributary.Server.Hosting;

/// <summary>Reads a node's current facets back from the stored events the <see cref="EventIndex"/> points at, exactly as producers sent them.</summary>
internal static class FacetReader
{
    public static Task<SortedDictionary<string, JsonElement>> ReadAsync(LineageService lineage, NodeId node, CancellationToken cancellationToken) =>
        ReadAsync(lineage.Store, lineage.Index, node, lineage.ReportUnreadable, cancellationToken);

    public static async Task<SortedDictionary<string, JsonElement>> ReadAsync(
        ILineageStore store, EventIndex index, NodeId node, Action<long, string>? unreadable, CancellationToken cancellationToken)
    {
        var result = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var group in index.FacetsOf(node).GroupBy(p => p.Value.Sequence))
        {
            JsonElement root = default;
            await foreach (var stored in store.ReadAsync(group.Key, group.Key, cancellationToken))
            {
                // Whatever version stored the event, its facets go out as standard JSON, or not at all.
                if (!StoredJson.TryParse(stored.Raw, out root, out var problem))
                {
                    unreadable?.Invoke(stored.Sequence, problem!);
                }
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var (name, location) in group)
            {
                if (FacetsObject(root, location) is { } facets && TryGetProperty(facets, name, out var facet))
                {
                    result[name] = facet;
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The facets an <c>outputs</c> item of a stored event was sent with (its <c>facets</c>, then its
    /// <c>outputFacets</c>): a dataset version's facets as its run wrote them. Empty when the event is unreadable.
    /// </summary>
    public static async Task<SortedDictionary<string, JsonElement>> ReadOutputAsync(LineageService lineage, FacetLocation output, CancellationToken cancellationToken)
    {
        var result = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        await foreach (var stored in lineage.Store.ReadAsync(output.Sequence, output.Sequence, cancellationToken))
        {
            if (!StoredJson.TryParse(stored.Raw, out var root, out var problem))
            {
                lineage.ReportUnreadable(stored.Sequence, problem!);
                continue;
            }

            foreach (var place in (ReadOnlySpan<FacetPlace>)[FacetPlace.Output, FacetPlace.OutputFacets])
            {
                if (root.ValueKind == JsonValueKind.Object && FacetsObject(root, output with { Place = place }) is { ValueKind: JsonValueKind.Object } facets)
                {
                    foreach (var facet in facets.EnumerateObject())
                    {
                        result[facet.Name] = facet.Value;
                    }
                }
            }
        }

        return result;
    }

    private static JsonElement? FacetsObject(JsonElement root, FacetLocation location)
    {
        JsonElement? Child(JsonElement parent, string name) =>
            parent.ValueKind == JsonValueKind.Object && TryGetProperty(parent, name, out var value) ? value : null;
        JsonElement? Item(string list) =>
            Child(root, list) is { ValueKind: JsonValueKind.Array } array && location.Index < array.GetArrayLength() ? array[location.Index] : null;

        return location.Place switch
        {
            FacetPlace.Run => Child(root, "run") is { } run ? Child(run, "facets") : null,
            FacetPlace.Job => Child(root, "job") is { } job ? Child(job, "facets") : null,
            FacetPlace.Dataset => Child(root, "dataset") is { } dataset ? Child(dataset, "facets") : null,
            FacetPlace.Input => Item("inputs") is { } input ? Child(input, "facets") : null,
            FacetPlace.InputFacets => Item("inputs") is { } input ? Child(input, "inputFacets") : null,
            FacetPlace.Output => Item("outputs") is { } output ? Child(output, "facets") : null,
            _ => Item("outputs") is { } output ? Child(output, "outputFacets") : null,
        };
    }

    // Producers' casing of property names varies; an exact match wins, otherwise the first case-insensitive one.
    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        return false;
    }
}
