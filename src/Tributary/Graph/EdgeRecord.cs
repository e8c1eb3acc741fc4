namespace Tributary.Graph;

// One edge in the forward-star edge table: endpoints, the next edge in each endpoint's list, and when it was seen.
// A struct in one array keeps traversal cache-friendly and allocates nothing per edge.
internal struct EdgeRecord
{
    public int From;
    public int To;
    public int NextOut;
    public int NextIn;
    public long FirstSeen;
    public long LastSeen;
    public int Transformations;
    public EdgeKind Kind;
    public bool Dead;
    public bool Masking;
    public bool Direct;
}
