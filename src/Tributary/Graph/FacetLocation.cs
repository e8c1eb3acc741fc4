namespace Tributary.Graph;

/// <summary>Where a facet sits in a stored event: the event's sequence, the object holding the facet, and its position in a list.</summary>
/// <param name="Sequence">The stored event's sequence number.</param>
/// <param name="Place">Which facets object of the event.</param>
/// <param name="Index">The position in <c>inputs</c> or <c>outputs</c>; 0 otherwise.</param>
public readonly record struct FacetLocation(long Sequence, FacetPlace Place, int Index);
