using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

/// <summary>
/// Builds the event that adds or removes one tag on a dataset, a field or a job: the node's whole <c>tags</c>
/// facet with the tag changed, since a tags facet replaces the one before it. The CLI (<c>tributary tag</c>) and the
/// server (Marquez's tag calls) send the same event through the ingest door, so a tag (or a block) is stored durably
/// and replayed. A tag name <c>key=value</c> is that key and value; any other name is a key with value <c>true</c>.
/// </summary>
public static partial class TagEdits
{
    /// <summary>The <c>source</c> written on tags added by hand: <c>MANUAL</c>.</summary>
    public const string Source = "MANUAL";

    /// <summary>How a tag is named: its key, or <c>key=value</c> unless the value is empty or <c>true</c>.</summary>
    public static string Name(Tag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return string.IsNullOrEmpty(tag.Value) || string.Equals(tag.Value, "true", StringComparison.OrdinalIgnoreCase) ? tag.Key : tag.Key + "=" + tag.Value;
    }

    /// <summary>
    /// The dataset event adding (or removing) tag <paramref name="name"/> on <paramref name="dataset"/>, or on its
    /// field <paramref name="field"/> when given.
    /// </summary>
    public static TagEdit Dataset(DatasetInfo dataset, string? field, string name, bool add, DateTimeOffset at, string producer)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (field is not null && !dataset.Fields.Any(f => f.Id.Name == field))
        {
            return TagEdit.Missing($"dataset '{dataset.Id.Name}' in namespace '{dataset.Id.Namespace}' has no field '{field}'");
        }

        // The whole current list, the fields' tags included: the facet replaces all of them.
        var tags = dataset.Tags.Select(t => t with { Field = null }).Concat(dataset.Fields.SelectMany(f => f.Tags.Select(t => t with { Field = f.Id.Name }))).ToList();
        if (Change(tags, name, field, add) is { } problem)
        {
            return problem;
        }

        var facet = new TagsFacet { Tags = tags, Producer = producer };
        return new TagEdit(new DatasetEvent
        {
            EventTime = at,
            Producer = producer,
            Dataset = new Dataset(dataset.Id) { Facets = FacetSet.Empty.With(TagsFacet.Key, facet) },
        });
    }

    /// <summary>The job event adding (or removing) tag <paramref name="name"/> on <paramref name="job"/>.</summary>
    public static TagEdit Job(JobInfo job, string name, bool add, DateTimeOffset at, string producer)
    {
        ArgumentNullException.ThrowIfNull(job);
        var tags = job.Tags.ToList();
        if (Change(tags, name, null, add) is { } problem)
        {
            return problem;
        }

        return new TagEdit(new JobEvent
        {
            EventTime = at,
            Producer = producer,
            Job = new Job(job.Id) { Facets = FacetSet.Empty.With(TagsFacet.Key, new TagsFacet { Tags = tags, Producer = producer }) },
        });
    }

    // Adds the tag (once) or removes every tag shown under that name, for the node itself or one field.
    private static TagEdit? Change(List<Tag> tags, string name, string? field, bool add)
    {
        if (string.IsNullOrWhiteSpace(name) || name.StartsWith('=') || name.EndsWith('='))
        {
            return TagEdit.Invalid($"'{name}' is not a tag name: give a key, or key=value");
        }

        bool Named(Tag t) => t.Field == field && Name(t) == name;
        if (add)
        {
            if (!tags.Exists(Named))
            {
                var equals = name.IndexOf('=', StringComparison.Ordinal);
                tags.Add(equals > 0 ? new Tag(name[..equals], name[(equals + 1)..], Source, field) : new Tag(name, "true", Source, field));
            }

            return null;
        }

        return tags.RemoveAll(Named) == 0 ? TagEdit.Missing($"there is no tag '{name}' {(field is null ? "here" : $"on field '{field}'")}") : null;
    }
}

/// <summary>What <see cref="TagEdits"/> made: the event to ingest, or why there is none.</summary>
/// <param name="Event">The event to send through the ingest door, or null when <see cref="Problem"/> says why not.</param>
public sealed record TagEdit(LineageEvent? Event)
{
    /// <summary>What is wrong (a tag to remove that is not there, a field that does not exist, a bad name), or null.</summary>
    public string? Problem { get; init; }

    /// <summary>True when the problem is something missing (a 404 through the API) rather than a bad name (a 400).</summary>
    public bool NotFound { get; init; }

    internal static TagEdit Missing(string problem) => new((LineageEvent?)null) { Problem = problem, NotFound = true };

    internal static TagEdit Invalid(string problem) => new((LineageEvent?)null) { Problem = problem };
}
