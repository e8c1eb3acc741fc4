using Tributary.Ingest;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Server.Hosting;

/// <summary>
/// For each dataset, job and run, which stored event last carried each of its facets. Facets themselves stay in
/// the store (they can be megabytes); reading them means reading just those events back.
/// </summary>
public sealed class EventIndex
{
    private readonly Dictionary<NodeId, Dictionary<string, FacetLocation>> _facets = [];
    private readonly Lock _lock = new();

    /// <summary>Records the facets an accepted event carries.</summary>
    public void Add(IngestedEvent ingested)
    {
        ArgumentNullException.ThrowIfNull(ingested);
        var sequence = ingested.Sequence;
        lock (_lock)
        {
            switch (ingested.Event)
            {
                case RunEvent run:
                    Note(NodeId.From(run.Run.RunId), run.Run.Facets, new(sequence, FacetPlace.Run, 0));
                    Note(NodeId.From(run.Job.Id), run.Job.Facets, new(sequence, FacetPlace.Job, 0));
                    Datasets(run.Inputs, run.Outputs, sequence);
                    break;
                case JobEvent job:
                    Note(NodeId.From(job.Job.Id), job.Job.Facets, new(sequence, FacetPlace.Job, 0));
                    Datasets(job.Inputs, job.Outputs, sequence);
                    break;
                case DatasetEvent dataset:
                    Note(NodeId.From(dataset.Dataset.Id), dataset.Dataset.Facets, new(sequence, FacetPlace.Dataset, 0));
                    break;
            }
        }
    }

    /// <summary>The facet names of a node with where each was last seen (a copy).</summary>
    public IReadOnlyDictionary<string, FacetLocation> FacetsOf(NodeId node)
    {
        lock (_lock)
        {
            return _facets.TryGetValue(node, out var map) ? new Dictionary<string, FacetLocation>(map, StringComparer.Ordinal) : [];
        }
    }

    private void Datasets(IReadOnlyList<InputDataset> inputs, IReadOnlyList<OutputDataset> outputs, long sequence)
    {
        for (var i = 0; i < inputs.Count; i++)
        {
            var node = NodeId.From(inputs[i].Id);
            Note(node, inputs[i].Facets, new(sequence, FacetPlace.Input, i));
            Note(node, inputs[i].InputFacets, new(sequence, FacetPlace.InputFacets, i));
        }

        for (var i = 0; i < outputs.Count; i++)
        {
            var node = NodeId.From(outputs[i].Id);
            Note(node, outputs[i].Facets, new(sequence, FacetPlace.Output, i));
            Note(node, outputs[i].OutputFacets, new(sequence, FacetPlace.OutputFacets, i));
        }
    }

    private void Note(NodeId node, FacetSet facets, FacetLocation location)
    {
        if (facets.Count == 0)
        {
            return;
        }

        if (!_facets.TryGetValue(node, out var map))
        {
            _facets[node] = map = new Dictionary<string, FacetLocation>(StringComparer.Ordinal);
        }

        foreach (var (name, facet) in facets)
        {
            if (facet.Deleted)
            {
                map.Remove(name);
            }
            else
            {
                map[name] = location;
            }
        }
    }
}
