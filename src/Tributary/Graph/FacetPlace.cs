namespace Tributary.Graph;

/// <summary>Which facets object of an event a facet was found in.</summary>
public enum FacetPlace : byte
{
    /// <summary><c>run.facets</c>.</summary>
    Run,

    /// <summary><c>job.facets</c>.</summary>
    Job,

    /// <summary><c>dataset.facets</c> of a DatasetEvent.</summary>
    Dataset,

    /// <summary><c>inputs[i].facets</c>.</summary>
    Input,

    /// <summary><c>inputs[i].inputFacets</c>.</summary>
    InputFacets,

    /// <summary><c>outputs[i].facets</c>.</summary>
    Output,

    /// <summary><c>outputs[i].outputFacets</c>.</summary>
    OutputFacets,
}
