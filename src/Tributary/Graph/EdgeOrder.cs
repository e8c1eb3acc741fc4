namespace Tributary.Graph;

// The one order for edges in every result: by source node, then target node, then kind, all ordinal.
internal static class EdgeOrder
{
    public static int Compare(LineageEdge? a, LineageEdge? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        var c = a.From.CompareTo(b.From);
        if (c == 0)
        {
            c = a.To.CompareTo(b.To);
        }

        return c != 0 ? c : a.Kind.CompareTo(b.Kind);
    }
}
