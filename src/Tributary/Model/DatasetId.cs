using System.Text.Json.Serialization;
using Tributary.Json;

namespace Tributary.Model;

/// <summary>Identifies a dataset by its OpenLineage namespace (where it lives) and name (what it is called there).</summary>
/// <param name="Namespace">The dataset namespace, for example <c>postgres://db:5432</c> or <c>s3://bucket</c>.</param>
/// <param name="Name">The dataset name within its namespace, for example <c>public.orders</c>.</param>
[JsonConverter(typeof(DatasetIdJsonConverter))]
public readonly record struct DatasetId(string Namespace, string Name) : IComparable<DatasetId>
{
    /// <summary>Compares by namespace, then name, with ordinal comparison so sorted output is byte-stable.</summary>
    public int CompareTo(DatasetId other)
    {
        var c = string.CompareOrdinal(Namespace, other.Namespace);
        return c != 0 ? c : string.CompareOrdinal(Name, other.Name);
    }

    /// <summary>The field of this dataset with the given column name.</summary>
    public FieldId Field(string field) => new(this, field);

    /// <summary>Returns <c>namespace:name</c>, the dataset part of its <see cref="NodeId"/> (with <c>:</c> and <c>%</c> escaped where the plain form would be ambiguous).</summary>
    public override string ToString() => NodeId.From(this).TextAfterKind();
}
