using System.Collections;

namespace Tributary.Model.Facets;

/// <summary>
/// The facets of a run, job or dataset, by name, in the order they were received or added. Names are
/// OpenLineage's facet keys (<c>schema</c>, <c>columnLineage</c>, <c>sql</c>, ...).
/// </summary>
public sealed class FacetSet : IReadOnlyCollection<KeyValuePair<string, Facet>>
{
    private readonly KeyValuePair<string, Facet>[] _items;

    /// <summary>An empty facet set.</summary>
    public static FacetSet Empty { get; } = new([]);

    /// <summary>Creates a set from name/facet pairs; a later pair with the same name replaces the earlier one.</summary>
    public FacetSet(IEnumerable<KeyValuePair<string, Facet>> facets)
    {
        ArgumentNullException.ThrowIfNull(facets);

        // What the reader builds is a list already: read in place, it needs no second copy before the one kept.
        _items = facets is List<KeyValuePair<string, Facet>> given
            ? Distinct(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(given))
            : Distinct([.. facets]);
    }

    // The pairs with a later one of the same name replacing the earlier, in first-seen order, as the constructor says.
    // Facet sets are small (a handful of names), so a linear search beats hashing.
    private static KeyValuePair<string, Facet>[] Distinct(ReadOnlySpan<KeyValuePair<string, Facet>> pairs)
    {
        var items = new KeyValuePair<string, Facet>[pairs.Length];
        var count = 0;
        foreach (var pair in pairs)
        {
            var at = -1;
            for (var i = 0; i < count; i++)
            {
                if (string.Equals(items[i].Key, pair.Key, StringComparison.Ordinal))
                {
                    at = i;
                    break;
                }
            }

            if (at >= 0)
            {
                items[at] = pair;
            }
            else
            {
                items[count++] = pair;
            }
        }

        return count == items.Length ? items : items[..count];
    }

    /// <summary>The number of facets.</summary>
    public int Count => _items.Length;

    /// <summary>The facets in order, to walk without an enumerator.</summary>
    internal ReadOnlySpan<KeyValuePair<string, Facet>> Items => _items;

    /// <summary>The facet with this name, or null.</summary>
    public Facet? this[string name]
    {
        get
        {
            foreach (var pair in _items)
            {
                if (string.Equals(pair.Key, name, StringComparison.Ordinal))
                {
                    return pair.Value;
                }
            }

            return null;
        }
    }

    /// <summary>The first facet of type <typeparamref name="T"/>, or null; for example <c>facets.Get&lt;SchemaDatasetFacet&gt;()</c>.</summary>
    public T? Get<T>() where T : Facet
    {
        foreach (var pair in _items)
        {
            if (pair.Value is T facet)
            {
                return facet;
            }
        }

        return null;
    }

    /// <summary>A new set with this facet added, or replacing the one of the same name.</summary>
    public FacetSet With(string name, Facet facet) => new([.. _items, new KeyValuePair<string, Facet>(name, facet)]);

    /// <summary>A new set without the facet of this name.</summary>
    public FacetSet Without(string name) => new(_items.Where(p => !string.Equals(p.Key, name, StringComparison.Ordinal)));

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, Facet>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, Facet>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
