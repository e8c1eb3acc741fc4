using System.Collections;
using System.Globalization;
using Tributary.Model.Facets;

namespace Tributary.Tracking;

/// <summary>
/// The parameters of a tracked call as a <see cref="CallParametersRunFacet"/>. Values of simple types (strings,
/// numbers, booleans, enums, dates, GUIDs) are recorded as invariant text, strings cut to
/// <see cref="MaxValueLength"/> characters; a collection as its count and element type; any other object as its type name
/// only. Lineage is metadata: whole records passed to a repository (rows, customers) stay out of the store.
/// </summary>
internal static class CallParameters
{
    /// <summary>The longest text kept for one value; longer strings are cut and end in '…'.</summary>
    public const int MaxValueLength = 256;

    public static RawFacet? Facet(ReadOnlySpan<string?> names, ReadOnlySpan<object?> values, string producer)
    {
        var list = new List<KeyValuePair<string, string?>>(names.Length);
        for (var i = 0; i < names.Length && i < values.Length; i++)
        {
            // CancellationTokens and unnamed parameters say nothing about the data.
            if (names[i] is { Length: > 0 } name && values[i] is not CancellationToken)
            {
                list.Add(new(name, Text(values[i])));
            }
        }

        return list.Count == 0 ? null : new CallParametersRunFacet(list).ToRawFacet(producer);
    }

    public static string? Text(object? value) => value switch
    {
        null => null,
        string s => s.Length <= MaxValueLength ? s : string.Concat(s.AsSpan(0, MaxValueLength - 1), "…"),
        bool b => b ? "true" : "false",
        Enum e => e.ToString(),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("O", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        Guid g => g.ToString("D"),
        char c => c.ToString(),
        IFormattable f when value.GetType().IsPrimitive || value is decimal => f.ToString(null, CultureInfo.InvariantCulture),
        ICollection c => ElementType(value.GetType()) is { } element ? $"{c.Count} items of {TypeName(element)}" : $"{c.Count} items",
        _ => TypeName(value.GetType()),
    };

    // The element type of an array or a one-argument generic collection: collection expressions make compiler-generated
    // types (<>z__ReadOnlyArray<T>) whose own names mean nothing to a reader.
    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericArguments() is [var element] ? element
        : null;

    // List<Order> rather than List`1, without namespaces; a compiler-generated type by the type it stands for.
    private static string TypeName(Type type)
    {
        if (type.Name.StartsWith('<') && type.BaseType is { } shown && shown != typeof(object))
        {
            return TypeName(shown);
        }

        return type.IsGenericType
            ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">"
            : type.Name;
    }
}
