using System.Text.Json.Serialization;
using Tributary.Json;

namespace Tributary.Model;

/// <summary>Identifies a job (a definition of work, not one execution of it) by namespace and name.</summary>
/// <param name="Namespace">The job namespace, usually the scheduler or application, for example <c>airflow-prod</c>.</param>
/// <param name="Name">The job name within its namespace, for example <c>etl.load_orders</c>.</param>
[JsonConverter(typeof(JobIdJsonConverter))]
public readonly record struct JobId(string Namespace, string Name) : IComparable<JobId>
{
    /// <summary>Compares by namespace, then name, with ordinal comparison.</summary>
    public int CompareTo(JobId other)
    {
        var c = string.CompareOrdinal(Namespace, other.Namespace);
        return c != 0 ? c : string.CompareOrdinal(Name, other.Name);
    }

    /// <summary>Returns <c>namespace:name</c>, the job part of its <see cref="NodeId"/>.</summary>
    public override string ToString() => NodeId.From(this).TextAfterKind();
}
