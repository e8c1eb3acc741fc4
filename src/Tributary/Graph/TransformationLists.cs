using Tributary.Model.Facets;

namespace Tributary.Graph;

// Which transformation lists an edge shares: equal when every transformation has the same type, subtype,
// description and masking, with an absent type, subtype or description the same as an empty one (as when the lists were
// compared by a joined text, which this replaces: that text was built for every column-lineage input of every event).
internal sealed class TransformationLists : IEqualityComparer<IReadOnlyList<Transformation>>
{
    public static readonly TransformationLists Instance = new();

    public bool Equals(IReadOnlyList<Transformation>? x, IReadOnlyList<Transformation>? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.Count != y.Count)
        {
            return false;
        }

        for (var i = 0; i < x.Count; i++)
        {
            var (a, b) = (x[i], y[i]);
            if (!string.Equals(a.Type ?? "", b.Type ?? "", StringComparison.Ordinal) || !string.Equals(a.Subtype ?? "", b.Subtype ?? "", StringComparison.Ordinal)
                || !string.Equals(a.Description ?? "", b.Description ?? "", StringComparison.Ordinal) || a.Masking != b.Masking)
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(IReadOnlyList<Transformation> obj)
    {
        var hash = new HashCode();
        hash.Add(obj.Count);
        for (var i = 0; i < obj.Count; i++)
        {
            var t = obj[i];
            hash.Add(t.Type ?? "", StringComparer.Ordinal);
            hash.Add(t.Subtype ?? "", StringComparer.Ordinal);
            hash.Add(t.Description ?? "", StringComparer.Ordinal);
            hash.Add(t.Masking);
        }

        return hash.ToHashCode();
    }
}
