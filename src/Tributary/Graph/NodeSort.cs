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
        if (count < 64)
        {
            Array.Sort(ids, order, 0, count, NodeOrder.Instance);
            return;
        }

        var groupOf = ArrayPool<int>.Shared.Rent(count);
        var keys = ArrayPool<ulong>.Shared.Rent(count);
        var permutation = ArrayPool<int>.Shared.Rent(count);
        var sortedIds = ArrayPool<NodeId>.Shared.Rent(count);
        var sortedOrder = ArrayPool<int>.Shared.Rent(count);
        try
        {
            if (!Group(ids, count, groupOf, out var groups))
            {
                Array.Sort(ids, order, 0, count, NodeOrder.Instance);
                return;
            }

            // The prefix the names of each group share: keys compare names only within a group.
            var first = new string?[groups];
            var common = new int[groups];
            for (var i = 0; i < count; i++)
            {
                var g = groupOf[i];
                var name = ids[i].Name;
                if (first[g] is not { } f)
                {
                    first[g] = name;
                    common[g] = name.Length;
                }
                else if (common[g] > 0)
                {
                    common[g] = f.AsSpan(0, common[g]).CommonPrefixLength(name);
                }
            }

            for (var i = 0; i < count; i++)
            {
                var g = groupOf[i];
                keys[i] = ((ulong)(uint)g << 48) | NameBits(ids[i].Name, common[g]);
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
            ArrayPool<int>.Shared.Return(groupOf);
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(permutation);
            ArrayPool<NodeId>.Shared.Return(sortedIds, clearArray: true);
            ArrayPool<int>.Shared.Return(sortedOrder);
        }
    }

    // Numbers each id's group (its kind, then its namespace's rank in ordinal order) so that group numbers order as
    // the groups do; false when there are too many namespaces to fit the key. An answer's ids share a few namespace
    // strings (the graph interns them), so a reference check skips hashing for all but the first of each run.
    private static bool Group(NodeId[] ids, int count, int[] groupOf, out int groups)
    {
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        var distinct = new List<string>();
        string? last = null;
        var lastSlot = -1;
        for (var i = 0; i < count; i++)
        {
            var ns = ids[i].Namespace;
            if (!ReferenceEquals(ns, last))
            {
                if (!slots.TryGetValue(ns, out lastSlot))
                {
                    if (distinct.Count == MaxNamespaces)
                    {
                        groups = 0;
                        return false;
                    }

                    lastSlot = distinct.Count;
                    slots.Add(ns, lastSlot);
                    distinct.Add(ns);
                }

                last = ns;
            }

            groupOf[i] = lastSlot;
        }

        // Slots in first-seen order become ranks in ordinal order.
        var byName = new int[distinct.Count];
        for (var r = 0; r < byName.Length; r++)
        {
            byName[r] = r;
        }

        var names = distinct.ToArray();
        Array.Sort(names, byName, StringComparer.Ordinal);
        var rankOf = new int[names.Length];
        for (var r = 0; r < byName.Length; r++)
        {
            rankOf[byName[r]] = r;
        }

        var kinds = 0;
        for (var i = 0; i < count; i++)
        {
            kinds = Math.Max(kinds, (int)ids[i].Kind + 1);
            groupOf[i] = ((int)ids[i].Kind * names.Length) + rankOf[groupOf[i]];
        }

        groups = kinds * names.Length;
        return true;
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
