using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Query;

public sealed partial class LineageQueryEngine
{
    /// <summary>
    /// Resolves what a user typed to a node: a node id (<c>dataset:ns:name</c>, ...), a dataset or job name
    /// (<c>customers_source</c>, <c>ns:name</c>, or the last dot- or slash-separated part of a name), or
    /// <c>dataset.field</c>. Exact matches win over partial ones; several matches come back as candidates.
    /// </summary>
    public NodeResolution Resolve(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        return _graph.Read(store =>
        {
            if (NodeId.TryParse(text, out var id) && _graph.Find(store, id) is var found and >= 0)
            {
                var node = store.IdOf(found);
                return new NodeResolution(text, node, [node]);
            }

            var exact = new SortedSet<NodeId>(NodeOrder.Instance);
            var partial = new SortedSet<NodeId>(NodeOrder.Instance);
            Collect(store, text, exact, partial, Moment());
            var dot = text.LastIndexOf('.');
            if (exact.Count == 0 && dot > 0 && dot < text.Length - 1)
            {
                CollectFields(store, text[..dot], text[(dot + 1)..], exact, partial, Moment());
            }

            var chosen = exact.Count > 0 ? exact : partial;
            return new NodeResolution(text, chosen.Count == 1 ? chosen.Min : null, [.. chosen]);
        });
    }

    private static void Collect(GraphStore store, string text, SortedSet<NodeId> exact, SortedSet<NodeId> partial, long moment)
    {
        foreach (var dataset in store.Datasets)
        {
            if (dataset.FirstSeen > moment)
            {
                continue;
            }

            var match = Match(dataset.Id.Namespace, dataset.Id.Name, text);
            if (match != 0)
            {
                (match == 2 ? exact : partial).Add(store.IdOf(store.Resolve(dataset.Node)));
            }
        }

        foreach (var job in store.Jobs)
        {
            if (job.FirstSeen > moment)
            {
                continue;
            }

            var match = Match(job.Id.Namespace, job.Id.Name, text);
            if (match != 0)
            {
                (match == 2 ? exact : partial).Add(store.IdOf(job.Node));
            }
        }
    }

    private static void CollectFields(GraphStore store, string datasetText, string field, SortedSet<NodeId> exact, SortedSet<NodeId> partial, long moment)
    {
        foreach (var dataset in store.Datasets)
        {
            if (dataset.FirstSeen > moment)
            {
                continue;
            }

            var match = Match(dataset.Id.Namespace, dataset.Id.Name, datasetText);
            if (match == 0)
            {
                continue;
            }

            var node = store.Find(NodeId.From(new FieldId(dataset.Id, field)));
            if (node >= 0)
            {
                (match == 2 ? exact : partial).Add(store.IdOf(node));
            }
        }
    }

    // 2 = the name or namespace:name is the text; 1 = the name ends with it after a '.' or '/'; 0 = no match.
    private static int Match(string ns, string name, string text)
    {
        if (string.Equals(name, text, StringComparison.Ordinal)
            || (text.Length == ns.Length + 1 + name.Length && text.StartsWith(ns, StringComparison.Ordinal)
                && text[ns.Length] == ':' && text.EndsWith(name, StringComparison.Ordinal)))
        {
            return 2;
        }

        return name.Length > text.Length && name.EndsWith(text, StringComparison.Ordinal)
            && name[name.Length - text.Length - 1] is '.' or '/' ? 1 : 0;
    }
}
