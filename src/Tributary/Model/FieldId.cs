using System.Text.Json.Serialization;
using Tributary.Json;

namespace Tributary.Model;

/// <summary>Identifies a field (column) of a dataset.</summary>
/// <param name="Dataset">The dataset the field belongs to.</param>
/// <param name="Name">The field name; nested fields use dots, for example <c>address.city</c>.</param>
[JsonConverter(typeof(FieldIdJsonConverter))]
public readonly record struct FieldId(DatasetId Dataset, string Name) : IComparable<FieldId>
{
    /// <summary>Compares by dataset, then field name, ordinally.</summary>
    public int CompareTo(FieldId other)
    {
        var c = Dataset.CompareTo(other.Dataset);
        return c != 0 ? c : string.CompareOrdinal(Name, other.Name);
    }

    /// <summary>Returns <c>namespace:dataset:field</c>, the field part of its <see cref="NodeId"/> (with <c>:</c> and <c>%</c> escaped where the plain form would be ambiguous).</summary>
    public override string ToString() => NodeId.From(this).TextAfterKind();
}
