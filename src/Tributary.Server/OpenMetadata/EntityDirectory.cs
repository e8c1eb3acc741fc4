using Microsoft.Extensions.Options;
using Tributary.Model;
using Tributary.Server.Hosting;

namespace Tributary.Server.OpenMetadata;

/// <summary>
/// Finds datasets and jobs by the OpenMetadata id or fully qualified name a caller has. Ids and names are computed
/// from the graph's own ids (<see cref="EntityNames"/>), so nothing is stored; the reverse maps are rebuilt only
/// when a lookup misses and the graph has changed since they were built.
/// </summary>
internal sealed class EntityDirectory(LineageService lineage, IOptions<ServerOptions> options)
{
    private readonly Lock _lock = new();
    private Maps _maps = new(-1, [], [], [], []);

    /// <summary>The naming rule in force.</summary>
    public EntityNames Names { get; } = new(options.Value.OpenMetadata);

    /// <summary>The dataset with this table id, or null.</summary>
    public DatasetId? Table(Guid id) => Current(m => m.Tables.ContainsKey(id)).Tables.TryGetValue(id, out var d) ? d : null;

    /// <summary>The job with this pipeline id, or null.</summary>
    public JobId? Pipeline(Guid id) => Current(m => m.Pipelines.ContainsKey(id)).Pipelines.TryGetValue(id, out var j) ? j : null;

    /// <summary>The datasets with this table name (more than one only when two namespaces map to one service name).</summary>
    public IReadOnlyList<DatasetId> TablesNamed(string fqn) =>
        Current(m => m.TableNames.ContainsKey(fqn)).TableNames.TryGetValue(fqn, out var d) ? d : [];

    /// <summary>The jobs with this pipeline name.</summary>
    public IReadOnlyList<JobId> PipelinesNamed(string fqn) =>
        Current(m => m.PipelineNames.ContainsKey(fqn)).PipelineNames.TryGetValue(fqn, out var j) ? j : [];

    // The maps, rebuilt first when they miss and the graph has changed since they were built.
    private Maps Current(Func<Maps, bool> has)
    {
        var maps = Volatile.Read(ref _maps);
        if (has(maps) || maps.Version == lineage.Graph.Version)
        {
            return maps;
        }

        lock (_lock)
        {
            if (_maps.Version != lineage.Graph.Version)
            {
                Volatile.Write(ref _maps, Build());
            }

            return _maps;
        }
    }

    private Maps Build()
    {
        // The version is read first: a change while building leaves the maps marked older, so the next miss rebuilds.
        var version = lineage.Graph.Version;
        var tables = new Dictionary<Guid, DatasetId>();
        var tableNames = new Dictionary<string, List<DatasetId>>(StringComparer.Ordinal);
        foreach (var dataset in lineage.Graph.GetDatasets())
        {
            tables[EntityNames.TableId(dataset.Id)] = dataset.Id;
            Add(tableNames, Names.TableFqn(dataset.Id), dataset.Id);
        }

        var pipelines = new Dictionary<Guid, JobId>();
        var pipelineNames = new Dictionary<string, List<JobId>>(StringComparer.Ordinal);
        foreach (var job in lineage.Graph.GetJobs())
        {
            pipelines[EntityNames.PipelineId(job.Id)] = job.Id;
            Add(pipelineNames, Names.PipelineFqn(job.Id), job.Id);
        }

        return new Maps(version, tables, pipelines, tableNames, pipelineNames);
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }

    private sealed record Maps(
        long Version,
        Dictionary<Guid, DatasetId> Tables,
        Dictionary<Guid, JobId> Pipelines,
        Dictionary<string, List<DatasetId>> TableNames,
        Dictionary<string, List<JobId>> PipelineNames);
}
