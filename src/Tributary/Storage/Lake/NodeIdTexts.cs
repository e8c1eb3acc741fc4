using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tributary.Model;

namespace Tributary.Storage.Lake;

/// <summary>
/// The text of node ids that a table writes many times (each edge names two nodes, and a node is on many edges), made
/// once per node. A graph hands out the same string instances each time it names a node, so ids are matched by those
/// instances: cheaper than comparing their text, and never wrong, since an id whose parts are other instances with the
/// same text is only made into text once more.
/// </summary>
internal sealed class NodeIdTexts
{
    private readonly Dictionary<NodeId, string> _texts = new(SameParts.Instance);

    /// <summary>The id's text, as <see cref="NodeId.ToString"/> writes it.</summary>
    public string Of(NodeId id)
    {
        ref var text = ref CollectionsMarshal.GetValueRefOrAddDefault(_texts, id, out var known);
        if (!known)
        {
            text = id.ToString();
        }

        return text!;
    }

    private sealed class SameParts : IEqualityComparer<NodeId>
    {
        public static readonly SameParts Instance = new();

        public bool Equals(NodeId x, NodeId y) =>
            x.Kind == y.Kind && ReferenceEquals(x.Namespace, y.Namespace) && ReferenceEquals(x.Name, y.Name) && ReferenceEquals(x.Field, y.Field);

        public int GetHashCode(NodeId id) =>
            HashCode.Combine(id.Kind, RuntimeHelpers.GetHashCode(id.Namespace), RuntimeHelpers.GetHashCode(id.Name), id.Field is null ? 0 : RuntimeHelpers.GetHashCode(id.Field));
    }
}
