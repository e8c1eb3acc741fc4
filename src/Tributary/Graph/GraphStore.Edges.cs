using System.Runtime.InteropServices;
using Tributary.Model;

namespace Tributary.Graph;

internal sealed partial class GraphStore
{
    // Adds the edge, or widens the first/last-seen window of the existing one; returns its index.
    public int AddEdge(int from, int to, EdgeKind kind, long time, int transformations = 0, bool masking = false)
    {
        // One lookup whether the edge is new or known: the slot found is filled in when it is new.
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(EdgeIndex, new EdgeKey(from, to, kind), out var known);
        if (known)
        {
            Widen(slot, time, transformations, masking);
            return slot;
        }

        var added = slot = _edges.Count;
        var nodes = CollectionsMarshal.AsSpan(_nodes);
        _edges.Add(new EdgeRecord
        {
            From = from,
            To = to,
            Kind = kind,
            FirstSeen = time,
            LastSeen = time,
            Transformations = transformations,
            Masking = masking,
            NextOut = nodes[from].FirstOut,
            NextIn = nodes[to].FirstIn,
        });
        nodes[from].FirstOut = added;
        nodes[to].FirstIn = added;
        return added;
    }

    // A known edge seen again at `time`: its first/last-seen window widens, and the latest facet describes it.
    public void Widen(int edge, long time, int transformations, bool masking)
    {
        ref var existing = ref CollectionsMarshal.AsSpan(_edges)[edge];
        existing.FirstSeen = Math.Min(existing.FirstSeen, time);
        if (time >= existing.LastSeen)
        {
            // A re-sent columnLineage replaces the transformations.
            existing.LastSeen = time;
            if (transformations != 0)
            {
                existing.Transformations = transformations;
                existing.Masking = masking;
            }
        }
    }

    public void SetDirect(int edge, bool direct) => CollectionsMarshal.AsSpan(_edges)[edge].Direct = direct;

    // How many times nodes were linked (an alias to its canonical node, with its edges and fields moved): what was
    // worked out about nodes and edges before a link may no longer hold after it.
    public int Links { get; private set; }

    // Makes `alias` resolve to `canonical` and moves the alias's edges (and fields) onto the canonical node, so a
    // dataset known under two names is one node. Refuses links that would form a cycle.
    public bool Link(int alias, int canonical)
    {
        alias = Resolve(alias);
        canonical = Resolve(canonical);
        if (alias == canonical)
        {
            return false;
        }

        Links++;
        CollectionsMarshal.AsSpan(_nodes)[alias].Canonical = canonical;
        MoveEdges(alias, canonical, outgoing: true);
        MoveEdges(alias, canonical, outgoing: false);
        if (_nodes[alias].Kind == NodeKind.Dataset)
        {
            MergeDataset(DatasetOf(alias), DatasetOf(canonical));
        }

        return true;
    }

    private void MergeDataset(DatasetRecord alias, DatasetRecord canonical)
    {
        (canonical.Aliases ??= []).Add(alias.Id);
        if (alias.Aliases is not null)
        {
            canonical.Aliases.AddRange(alias.Aliases);
        }

        Touch(canonical, alias.FirstSeen);
        Touch(canonical, alias.LastSeen);
        canonical.LastWritten = Math.Max(canonical.LastWritten, alias.LastWritten);
        canonical.Schema ??= alias.Schema;
        canonical.Owners ??= alias.Owners;
        canonical.Tags ??= alias.Tags;
        canonical.Description ??= alias.Description;
        canonical.DatasetType ??= alias.DatasetType;
        canonical.SourceName ??= alias.SourceName;
        canonical.SourceUri ??= alias.SourceUri;
        if (alias.Versions is not null)
        {
            (canonical.Versions ??= []).AddRange(alias.Versions);
            GraphViews.SortVersions(this, canonical.Versions);
            // The merge may give a run two versions here: whether it did is found out at the next look-up.
            canonical.VersionByRun = null;
            canonical.VersionRunsRepeat = false;
        }

        if (alias.Fields is not null)
        {
            foreach (var field in alias.Fields.ToArray())
            {
                var record = Fields[_nodes[field].Ref];
                var target = InternField(canonical.Node, _names[record.Name]);
                ref var targetRecord = ref FieldOf(target);
                targetRecord.Type ??= record.Type;
                targetRecord.Tags ??= record.Tags;
                Link(field, target);
            }
        }
    }

    private void MoveEdges(int from, int to, bool outgoing)
    {
        var moved = new List<int>();
        var edges = CollectionsMarshal.AsSpan(_edges);
        var nodes = CollectionsMarshal.AsSpan(_nodes);
        for (var e = outgoing ? nodes[from].FirstOut : nodes[from].FirstIn; e >= 0; e = outgoing ? edges[e].NextOut : edges[e].NextIn)
        {
            moved.Add(e);
        }

        if (outgoing)
        {
            nodes[from].FirstOut = -1;
        }
        else
        {
            nodes[from].FirstIn = -1;
        }

        foreach (var e in moved)
        {
            ref var edge = ref edges[e];
            if (edge.Dead)
            {
                continue;
            }

            EdgeIndex.Remove(new EdgeKey(edge.From, edge.To, edge.Kind));
            if (outgoing)
            {
                edge.From = to;
                edge.NextOut = nodes[to].FirstOut;
                nodes[to].FirstOut = e;
            }
            else
            {
                edge.To = to;
                edge.NextIn = nodes[to].FirstIn;
                nodes[to].FirstIn = e;
            }

            var key = new EdgeKey(edge.From, edge.To, edge.Kind);
            if (EdgeIndex.TryGetValue(key, out var twin))
            {
                // The canonical node already had this edge: keep one, widened to both time windows.
                ref var kept = ref edges[twin];
                kept.FirstSeen = Math.Min(kept.FirstSeen, edge.FirstSeen);
                kept.LastSeen = Math.Max(kept.LastSeen, edge.LastSeen);
                edge.Dead = true;
            }
            else
            {
                EdgeIndex.Add(key, e);
            }
        }
    }
}
