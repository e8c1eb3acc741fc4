using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Query;

public sealed partial class LineageQueryEngine
{
    /// <summary>
    /// The audit trail of runs, for a dataset and/or a time window: who (producer, job, owners), what (inputs,
    /// outputs, SQL, state), when (start, end), where (namespaces, sources) and why (the job's description), in
    /// order of start time, then run id.
    /// </summary>
    public IReadOnlyList<AuditEntry> Audit(AuditFilter? filter = null)
    {
        filter ??= new AuditFilter();
        return _graph.Read(store =>
        {
            var dataset = -1;
            if (filter.Dataset is { } id)
            {
                dataset = _graph.Find(store, NodeId.From(id));
                if (dataset < 0)
                {
                    return (IReadOnlyList<AuditEntry>)[];
                }
            }

            var list = new List<AuditEntry>();
            var moment = Moment();
            foreach (var run in store.Runs)
            {
                var started = run.StartedAt != 0 ? run.StartedAt : run.FirstEvent;
                if (run.Job < 0 || run.FirstEvent > moment || (filter.From is { } from && run.LastEvent < from.UtcTicks) || (filter.To is { } to && started >= to.UtcTicks))
                {
                    continue;
                }

                if (dataset >= 0 && !Touches(store, run, dataset))
                {
                    continue;
                }

                list.Add(Entry(store, run, moment));
            }

            list.Sort((a, b) => a.StartedAt != b.StartedAt ? a.StartedAt.CompareTo(b.StartedAt) : a.Run.CompareTo(b.Run));
            return (IReadOnlyList<AuditEntry>)list;
        });
    }

    private static AuditEntry Entry(GraphStore store, RunRecord run, long moment)
    {
        var job = store.JobOf(run.Job);
        var view = GraphViews.Run(store, run, moment);
        var owners = new SortedSet<string>(StringComparer.Ordinal);
        var namespaces = new SortedSet<string>(StringComparer.Ordinal) { job.Id.Namespace };
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        var inputs = new SortedSet<DatasetId>();
        var outputs = new SortedSet<DatasetId>();
        foreach (var owner in StateHistory.At(job.OwnersHistory, job.Owners, job.OwnersAt, moment) ?? [])
        {
            owners.Add(owner.Name);
        }

        foreach (var item in run.Datasets)
        {
            var dataset = store.DatasetOf(store.Resolve(item.Dataset));
            (item.Output ? outputs : inputs).Add(dataset.Id);
            namespaces.Add(dataset.Id.Namespace);
            if (dataset.SourceName is { } source)
            {
                sources.Add(source);
            }

            foreach (var owner in StateHistory.At(dataset.OwnersHistory, dataset.Owners, dataset.OwnersAt, moment) ?? [])
            {
                owners.Add(owner.Name);
            }
        }

        return new AuditEntry(run.Id, job.Id)
        {
            Producer = run.Producer,
            Owners = [.. owners],
            Inputs = [.. inputs],
            Outputs = [.. outputs],
            Sql = run.Sql ?? StateHistory.At(job.SqlHistory, job.Sql, job.SqlAt, moment),
            State = view.State,
            StartedAt = view.StartedAt,
            EndedAt = view.EndedAt,
            Namespaces = [.. namespaces],
            Sources = [.. sources],
            Description = job.Description,
        };
    }

    // Whether the run read or wrote the dataset (by node, aliases resolved).
    private static bool Touches(GraphStore store, RunRecord run, int dataset)
    {
        foreach (var item in run.Datasets)
        {
            if (store.Resolve(item.Dataset) == dataset)
            {
                return true;
            }
        }

        return false;
    }
}
