using System.Text.Json;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

internal sealed partial class GraphProjection
{
    private int ApplyJob(Job job, Stamp stamp)
    {
        var node = store.InternJob(job.Id, stamp.Time);
        var record = store.JobOf(node);
        foreach (var (name, facet) in job.Facets.Items)
        {
            var deleted = facet.Deleted;
            switch (name)
            {
                case SqlJobFacet.Key:
                    var sql = deleted ? null : (facet as SqlJobFacet)?.Query ?? record.Sql;
                    StateHistory.Note(ref record.SqlHistory, stamp, sql, record.SqlAt, record.Sql);
                    if (stamp.Supersedes(record.SqlAt))
                    {
                        record.Sql = sql;
                        record.SqlDialect = deleted ? null : (facet as SqlJobFacet)?.Dialect ?? record.SqlDialect;
                        record.SqlAt = stamp;
                    }

                    break;
                case DocumentationFacet.Key when stamp.Supersedes(record.DescriptionAt):
                    record.Description = deleted ? null : (facet as DocumentationFacet)?.Description ?? record.Description;
                    record.DescriptionAt = stamp;
                    break;
                case OwnershipFacet.Key:
                    StateHistory.Set(ref record.Owners, ref record.OwnersAt, ref record.OwnersHistory, stamp, deleted ? null : store.Intern((facet as OwnershipFacet)?.Owners) ?? record.Owners);
                    break;
                case TagsFacet.Key:
                    StateHistory.Set(ref record.Tags, ref record.TagsAt, ref record.TagsHistory, stamp, deleted ? null : store.Intern((facet as TagsFacet)?.Tags) ?? record.Tags);
                    break;
                case JobTypeJobFacet.Key when stamp.Supersedes(record.TypeAt):
                    var type = deleted ? null : facet as JobTypeJobFacet;
                    record.ProcessingType = store.Intern(type?.ProcessingType);
                    record.Integration = store.Intern(type?.Integration);
                    record.JobType = store.Intern(type?.JobType);
                    record.TypeAt = stamp;
                    break;
                case SourceCodeLocationJobFacet.Key when stamp.Supersedes(record.SourceCodeAt):
                    record.SourceCodeUrl = deleted ? null : (facet as SourceCodeLocationJobFacet)?.Url ?? record.SourceCodeUrl;
                    record.SourceCodeAt = stamp;
                    break;
            }
        }

        // Some producers put a plain "description" on the job object itself, outside any facet.
        if (record.Description is null)
        {
            foreach (var (key, value) in job.AdditionalProperties)
            {
                if (key == "description" && value.ValueKind == JsonValueKind.String && stamp.Supersedes(record.DescriptionAt))
                {
                    record.Description = value.GetString();
                    record.DescriptionAt = stamp;
                }
            }
        }

        Note(node, job.Facets, FacetPlace.Job, 0, stamp);
        ApplyJobLifecycle(node, record);
        return node;
    }

    // A job is dropped (Marquez's soft delete, or OpenMetadata's lineage DELETE of a manual edge) by an event that
    // carries the tributary_lifecycleStateChange job facet; any newer event of the job brings it back, as a new run
    // brings back a job Marquez deleted. The facet's note keeps the time of the drop, so the answer follows event
    // time whatever order the events arrive in, and the node's flag (which the checkpoint keeps) hides it from traversals.
    private void ApplyJobLifecycle(int node, JobRecord record)
    {
        if (record.Notes is not { } notes)
        {
            return;
        }

        var key = store.InternName(JobLifecycleFacet.Key);
        foreach (var note in notes)
        {
            if (note.Name == key)
            {
                store.SetDeleted(node, !note.Deleted && note.At.Time >= record.LastSeen);
                return;
            }
        }
    }
}
