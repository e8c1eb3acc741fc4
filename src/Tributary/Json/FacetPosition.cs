namespace Tributary.Json;

/// <summary>Where a facet sits in an event; the same key (for example <c>tags</c>) means different facets in different places.</summary>
internal enum FacetPosition
{
    Run,
    Job,
    Dataset,
    Input,
    Output,
}
