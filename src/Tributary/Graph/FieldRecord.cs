using Tributary.Model.Facets;

namespace Tributary.Graph;

// One field: the dataset node it belongs to and its interned name; type and tags once a facet mentions them.
internal struct FieldRecord
{
    public int Dataset;
    public int Name;
    public string? Type;
    public IReadOnlyList<Tag>? Tags;
}
