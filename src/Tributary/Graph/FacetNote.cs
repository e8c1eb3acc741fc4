namespace Tributary.Graph;

// Which stored event last carried one facet of a node (by event time), and where in that event: the facets
// themselves stay in the store, so reading one back means reading just that event.
internal struct FacetNote
{
    public int Name;
    public FacetPlace Place;
    public int Index;
    public Stamp At;
    public long Sequence;
    public bool Deleted;
}
