using System.Text.Json;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

internal sealed partial class GraphProjection
{
    private int ApplyJob(Job job, long time)
    {
        var node = store.InternJob(job.Id, time);
        var record = store.JobOf(node);
        foreach (var (name, facet) in job.Facets)
        {
            var deleted = facet.Deleted;
            switch (name)
            {
                case SqlJobFacet.Key:
                    record.Sql = deleted ? null : (facet as SqlJobFacet)?.Query ?? record.Sql;
                    record.SqlDialect = deleted ? null : (facet as SqlJobFacet)?.Dialect ?? record.SqlDialect;
                    break;
                case DocumentationFacet.Key:
                    record.Description = deleted ? null : (facet as DocumentationFacet)?.Description ?? record.Description;
                    break;
                case OwnershipFacet.Key:
                    record.Owners = deleted ? null : (facet as OwnershipFacet)?.Owners ?? record.Owners;
                    break;
                case TagsFacet.Key:
                    record.Tags = deleted ? null : (facet as TagsFacet)?.Tags ?? record.Tags;
                    break;
                case JobTypeJobFacet.Key:
                    var type = deleted ? null : facet as JobTypeJobFacet;
                    record.ProcessingType = type?.ProcessingType;
                    record.Integration = type?.Integration;
                    record.JobType = type?.JobType;
                    break;
                case SourceCodeLocationJobFacet.Key:
                    record.SourceCodeUrl = deleted ? null : (facet as SourceCodeLocationJobFacet)?.Url ?? record.SourceCodeUrl;
                    break;
            }
        }

        // Some producers put a plain "description" on the job object itself, outside any facet.
        if (record.Description is null)
        {
            foreach (var (key, value) in job.AdditionalProperties)
            {
                if (key == "description" && value.ValueKind == JsonValueKind.String)
                {
                    record.Description = value.GetString();
                }
            }
        }

        return node;
    }
}
