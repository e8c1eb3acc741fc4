using Tributary.Model;

namespace Tributary.Graph;

// The order of NodeId.CompareTo (kind, namespace, name, field; ordinal) without boxing the kind enum, for sorting
// large results.
internal sealed class NodeOrder : IComparer<NodeId>
{
    public static NodeOrder Instance { get; } = new();

    public int Compare(NodeId x, NodeId y)
    {
        var c = ((int)x.Kind).CompareTo((int)y.Kind);
        if (c == 0)
        {
            c = string.CompareOrdinal(x.Namespace, y.Namespace);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(x.Name, y.Name);
        }

        return c != 0 ? c : string.CompareOrdinal(x.Field, y.Field);
    }
}
