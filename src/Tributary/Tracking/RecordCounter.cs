using System.Collections;

namespace Tributary.Tracking;

/// <summary>Counts the records in a call's argument or result when it is a materialized collection (never enumerates).</summary>
internal static class RecordCounter
{
    /// <summary>The number of items, or -1 when the value is not a collection whose size is known without enumerating it.</summary>
    public static long Count(object? value) => value switch
    {
        null or string => -1,
        ICollection collection => collection.Count,
        IReadOnlyCollection<object> collection => collection.Count,
        _ => -1,
    };
}
