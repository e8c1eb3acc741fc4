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

        var c = NodeOrder.Instance.Compare(a.From, b.From);
        if (c == 0)
        {
            c = NodeOrder.Instance.Compare(a.To, b.To);
        }

        return c != 0 ? c : ((int)a.Kind).CompareTo((int)b.Kind);
    }
}
