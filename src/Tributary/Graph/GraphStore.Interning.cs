using Tributary.Model.Facets;

namespace Tributary.Graph;

// Values that repeat across thousands of events (schemas, owners, tags, type names) are kept once: the graph
// holds the first instance of each distinct value instead of every event's copy.
internal sealed partial class GraphStore
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<IReadOnlyList<SchemaField>, IReadOnlyList<SchemaField>> _schemas = new(ValueListComparer<SchemaField>.Schema);
    private readonly Dictionary<IReadOnlyList<Owner>, IReadOnlyList<Owner>> _owners = new(ValueListComparer<Owner>.Records);
    private readonly Dictionary<IReadOnlyList<Tag>, IReadOnlyList<Tag>> _tags = new(ValueListComparer<Tag>.Records);
    private (IReadOnlyList<SchemaField>? Given, IReadOnlyList<SchemaField>? Kept) _lastSchema;

    public string? Intern(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (!_strings.TryGetValue(value, out var kept))
        {
            _strings.Add(value, kept = value);
        }

        return kept;
    }

    // An output's schema is interned for the dataset and again for its version, from the same list: the second
    // time is answered by reference, without hashing every field again. Most events repeat their dataset's current
    // schema (`current`, already kept): comparing against it costs a few reference checks (the reader shares equal
    // strings), where looking it up would hash every field.
    public IReadOnlyList<SchemaField>? Intern(IReadOnlyList<SchemaField>? schema, IReadOnlyList<SchemaField>? current = null)
    {
        if (schema is null || !ReferenceEquals(schema, _lastSchema.Given))
        {
            var kept = current is not null && schema is not null && ValueListComparer<SchemaField>.Schema.Equals(schema, current)
                ? current
                : Intern(_schemas, schema);
            _lastSchema = (schema, kept);
        }

        return _lastSchema.Kept;
    }

    public IReadOnlyList<Owner>? Intern(IReadOnlyList<Owner>? owners) => Intern(_owners, owners);

    public IReadOnlyList<Tag>? Intern(IReadOnlyList<Tag>? tags) => Intern(_tags, tags);

    // The facet notes of a node (datasets, jobs and runs have them; fields do not).
    public ref List<FacetNote>? NotesOf(int node)
    {
        var n = _nodes[node];
        switch (n.Kind)
        {
            case Model.NodeKind.Dataset:
                return ref Datasets[n.Ref].Notes;
            case Model.NodeKind.Job:
                return ref Jobs[n.Ref].Notes;
            case Model.NodeKind.Run:
                return ref Runs[n.Ref].Notes;
            default:
                throw new InvalidOperationException("Fields carry no facet notes.");
        }
    }

    private static IReadOnlyList<T>? Intern<T>(Dictionary<IReadOnlyList<T>, IReadOnlyList<T>> pool, IReadOnlyList<T>? value)
    {
        if (value is null)
        {
            return null;
        }

        if (!pool.TryGetValue(value, out var kept))
        {
            pool.Add(value, kept = value);
        }

        return kept;
    }
}
