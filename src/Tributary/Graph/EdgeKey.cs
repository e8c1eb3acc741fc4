namespace Tributary.Graph;

// Identifies an edge for de-duplication: the same (from, to, kind) seen again updates the existing edge.
internal readonly record struct EdgeKey(int From, int To, EdgeKind Kind)
{
    public override int GetHashCode() => HashCode.Combine(From, To, (byte)Kind);
}
