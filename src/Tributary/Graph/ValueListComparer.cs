using Tributary.Model.Facets;

namespace Tributary.Graph;

// Compares lists by their items' values, so equal schemas, owner, tag and transformation lists from different events are
// recognised as one. Records compare by value already, except a schema field's nested list, which this compares too.
internal sealed class ValueListComparer<T>(Func<T, T, bool> equals, Func<T, int> hash) : IEqualityComparer<IReadOnlyList<T>>
{
    public static readonly ValueListComparer<T> Records = new(EqualityComparer<T>.Default.Equals, v => v is null ? 0 : EqualityComparer<T>.Default.GetHashCode(v));

    public static readonly ValueListComparer<SchemaField> Schema = new(SameField, FieldHash);

    // The transformation lists an edge shares: an absent type, subtype or description is the same as an empty one.
    public static readonly ValueListComparer<Transformation> Transformations = new(SameTransformation, TransformationHash);

    public bool Equals(IReadOnlyList<T>? x, IReadOnlyList<T>? y)
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
            if (!equals(x[i], y[i]))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(IReadOnlyList<T> obj)
    {
        var hashCode = new HashCode();
        hashCode.Add(obj.Count);
        for (var i = 0; i < obj.Count; i++)
        {
            hashCode.Add(hash(obj[i]));
        }

        return hashCode.ToHashCode();
    }

    private static bool SameField(SchemaField a, SchemaField b) =>
        string.Equals(a.Name, b.Name, StringComparison.Ordinal) && string.Equals(a.Type, b.Type, StringComparison.Ordinal)
        && string.Equals(a.Description, b.Description, StringComparison.Ordinal) && a.OrdinalPosition == b.OrdinalPosition
        && Schema.Equals(a.Fields, b.Fields);

    private static bool SameTransformation(Transformation a, Transformation b) =>
        string.Equals(a.Type ?? "", b.Type ?? "", StringComparison.Ordinal) && string.Equals(a.Subtype ?? "", b.Subtype ?? "", StringComparison.Ordinal)
        && string.Equals(a.Description ?? "", b.Description ?? "", StringComparison.Ordinal) && a.Masking == b.Masking;

    private static int TransformationHash(Transformation t) =>
        HashCode.Combine(t.Type ?? "", t.Subtype ?? "", t.Description ?? "", t.Masking);

    private static int FieldHash(SchemaField field) =>
        HashCode.Combine(field.Name, field.Type, field.Description, field.Fields.Count == 0 ? 0 : Schema.GetHashCode(field.Fields));
}
