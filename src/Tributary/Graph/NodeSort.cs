using System.Buffers;
using Tributary.Model;

namespace Tributary.Graph;

// Sorts a query's nodes into NodeOrder fast. Comparing ids means comparing strings, and a depth-20 answer sorts
// thousands of them; so each id first gets a 64-bit key that orders like it (its kind, its namespace's rank among
// the answer's namespaces, and six name characters after the prefix the names of that kind and namespace share, each capped
// at 255 so the key never contradicts the full order), the keys sort as integers, and only runs of equal keys are
// compared in full.
internal static class NodeSort
{
    private const int MaxNamespaces = 1 << 12;

    // Sorts ids[0..count) and carries `order` along, as Array.Sort(ids, order, 0, count, NodeOrder.Instance) would.
    public static void Sort(NodeId[] ids, int[] order, int count)
    {
        if (count < 64 || RankNamespaces(ids, count) is not { } ranks)
        {
            Array.Sort(ids, order, 0, count, NodeOrder.Instance);
            return;
        }

        // The prefix the names of each kind and namespace share: keys compare names only within such a group.
        var groups = new Dictionary<int, (string First, int Common)>();
        for (var i = 0; i < count; i++)
        {
            var group = Group(ids[i], ranks);
            var name = ids[i].Name;
            groups[group] = groups.TryGetValue(group, out var g)
                ? (g.First, g.First.AsSpan(0, g.Common).CommonPrefixLength(name))
                : (name, name.Length);
        }

        var keys = ArrayPool<ulong>.Shared.Rent(count);
        var permutation = ArrayPool<int>.Shared.Rent(count);
        var sortedIds = ArrayPool<NodeId>.Shared.Rent(count);
        var sortedOrder = ArrayPool<int>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var group = Group(ids[i], ranks);
                keys[i] = ((ulong)(uint)group << 48) | NameBits(ids[i].Name, groups[group].Common);
                permutation[i] = i;
            }

            Array.Sort(keys, permutation, 0, count);
            var byId = new ById(ids);
            for (var start = 0; start < count;)
            {
                var end = start + 1;
                while (end < count && keys[end] == keys[start])
                {
                    end++;
                }

                if (end - start > 1)
                {
                    permutation.AsSpan(start, end - start).Sort(byId);
                }

                start = end;
            }

            for (var p = 0; p < count; p++)
            {
                sortedIds[p] = ids[permutation[p]];
                sortedOrder[p] = order[permutation[p]];
            }

            sortedIds.AsSpan(0, count).CopyTo(ids);
            sortedOrder.AsSpan(0, count).CopyTo(order);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(permutation);
            ArrayPool<NodeId>.Shared.Return(sortedIds, clearArray: true);
            ArrayPool<int>.Shared.Return(sortedOrder);
        }
    }

    // The key's top 16 bits: the kind, then the namespace's rank.
    private static int Group(NodeId id, Dictionary<string, int> ranks) => ((int)id.Kind << 12) | ranks[id.Namespace];

    // Each distinct namespace's rank in ordinal order, or null when there are too many to fit the key.
    private static Dictionary<string, int>? RankNamespaces(NodeId[] ids, int count)
    {
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            if (ranks.TryAdd(ids[i].Namespace, 0) && ranks.Count > MaxNamespaces)
            {
                return null;
            }
        }

        var distinct = new string[ranks.Count];
        ranks.Keys.CopyTo(distinct, 0);
        Array.Sort(distinct, StringComparer.Ordinal);
        for (var r = 0; r < distinct.Length; r++)
        {
            ranks[distinct[r]] = r;
        }

        return ranks;
    }

    // Six characters from `from` on, each capped at 255 (a monotone map, so a smaller key is never a larger name) and
    // none after a capped one; the end of the name is 0, which ties with a NUL and is settled by the full comparison.
    private static ulong NameBits(string name, int from)
    {
        ulong bits = 0;
        var stopped = false;
        for (var k = 0; k < 6; k++)
        {
            var at = from + k;
            uint c = 0;
            if (!stopped && at < name.Length)
            {
                // A capped character stands for many; what follows it no longer orders, so the key stops there.
                c = Math.Min(name[at], (char)255);
                stopped = c == 255;
            }

            bits = (bits << 8) | c;
        }

        return bits;
    }

    private readonly struct ById(NodeId[] ids) : IComparer<int>
    {
        public int Compare(int x, int y) => NodeOrder.Instance.Compare(ids[x], ids[y]);
    }
}
