namespace Tributary.Graph;

public sealed partial class LineageGraph
{
    /// <summary>
    /// Every tag defined with a description (Marquez's <c>PUT /api/v1/tags/{tag}</c>), each as its newest definition
    /// (in a view as of a moment, the one in force then), sorted by name.
    /// </summary>
    public IReadOnlyList<TagDefinition> GetTagDefinitions() => Read(s =>
    {
        var newest = new SortedDictionary<string, TagDefinitionRecord>(StringComparer.Ordinal);
        foreach (var definition in s.TagDefinitions)
        {
            if (definition.At.Time <= MomentTicks && (!newest.TryGetValue(definition.Name, out var known) || definition.At.Supersedes(known.At)))
            {
                newest[definition.Name] = definition;
            }
        }

        var result = new List<TagDefinition>(newest.Count);
        foreach (var definition in newest.Values)
        {
            result.Add(new TagDefinition(definition.Name, definition.Description, GraphViews.Time(definition.At.Time)));
        }

        return (IReadOnlyList<TagDefinition>)result;
    });
}
