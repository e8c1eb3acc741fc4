using System.Runtime.InteropServices;
using Tributary.Model;

namespace Tributary.Graph;

internal sealed partial class GraphStore
{
    // Adds the edge, or widens the first/last-seen window of the existing one; returns its index.
    public int AddEdge(int from, int to, EdgeKind kind, long time, int transformations = 0, bool masking = false)
    {
        var index = _edgeIndex;
        var found = -1;
        if (index is null && (found = FindByLists(from, to, kind)) == TooFar)
        {
            index = EdgeIndex;
        }

        if (index is not null)
        {
            // One lookup whether the edge is new or known: the slot found is filled in when it is new.
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(index, new EdgeKey(from, to, kind), out var known);
            if (known)
            {
                Widen(slot, time, transformations, masking);
                return slot;
            }

            slot = _edges.Count;
        }
        else if (found >= 0)
        {
            Widen(found, time, transformations, masking);
            return found;
        }

        var added = _edges.Count;
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
        _liveEdges++;
        return added;
    }

    // How many edges of each list FindByLists reads before it gives up for the index.
    private const int MaxWalk = 64;

    private const int TooFar = -2;

    // The live edge from → to of this kind, -1 when there is none, or TooFar. An edge is in both its source's out-list
    // and its target's in-list, so the two are walked in step and whichever ends first settles it: most nodes have a few
    // edges (a field its sources, a run its job), so this reads a few records where the index kept a dictionary entry
    // for every edge. Two hubs (a dataset every job reads, and a job with thousands of runs) give up, and the index is
    // built and kept from then on.
    private int FindByLists(int from, int to, EdgeKind kind)
    {
        var edges = CollectionsMarshal.AsSpan(_edges);
        var nodes = CollectionsMarshal.AsSpan(_nodes);
        var outgoing = nodes[from].FirstOut;
        var incoming = nodes[to].FirstIn;
        for (var step = 0; step < MaxWalk; step++)
        {
            if (outgoing < 0 || incoming < 0)
            {
                return -1;
            }

            ref readonly var a = ref edges[outgoing];
            if (a.To == to && a.Kind == kind && !a.Dead)
            {
                return outgoing;
            }

            ref readonly var b = ref edges[incoming];
            if (b.From == from && b.Kind == kind && !b.Dead)
            {
                return incoming;
            }

            outgoing = a.NextOut;
            incoming = b.NextIn;
        }

        return TooFar;
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
                _liveEdges--;
            }
            else
            {
                EdgeIndex.Add(key, e);
            }
        }
    }
}
