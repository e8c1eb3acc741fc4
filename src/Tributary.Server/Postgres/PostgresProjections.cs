using Npgsql;
using NpgsqlTypes;
using Tributary.Json;
using Tributary.Model;

namespace Tributary.Server.Postgres;

/// <summary>
/// The upserts that keep the datasets, jobs, runs and edges tables current with one appended event, a statement per
/// row: one transaction per event, the bench's model of what Marquez does. A group commit writes the same rows through
/// <see cref="PostgresGroupProjections"/> (tests compare the two); the rules both follow live here.
/// </summary>
internal static class PostgresProjections
{
    /// <summary>A run's state as the runs table keeps it: its event type as OpenLineage writes it; null for none.</summary>
    public static string? State(RunState? eventType) => eventType is { } type ? LineageJson.EventTypeName(type) : null;

    /// <summary>Whether a dataset event's dataset is a row: a tag's definition names a reserved dataset that is not one.</summary>
    public static bool HasRow(DatasetEvent e) => Model.Facets.TagDefinitionFacet.From(e.Dataset.Facets) is null;

    public static void Add(NpgsqlBatch batch, LineageEvent e, DateTime time)
    {
        switch (e)
        {
            case RunEvent run:
                Job(batch, run.Job.Id, time);
                batch.BatchCommands.Add(PostgresLineageStore.Command(
                    """
                    INSERT INTO runs (run_id, job_namespace, job_name, state, started_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
                    ON CONFLICT (run_id) DO UPDATE SET state = coalesce(excluded.state, runs.state),
                        started_at = least(runs.started_at, excluded.started_at), updated_at = greatest(runs.updated_at, excluded.updated_at)
                    """,
                    P(run.Run.RunId.Value, NpgsqlDbType.Uuid), P(run.Job.Id.Namespace), P(run.Job.Id.Name),
                    P((object?)State(run.EventType) ?? DBNull.Value, NpgsqlDbType.Text), P(time, NpgsqlDbType.TimestampTz)));
                Edges(batch, run.Job.Id, run.Inputs, run.Outputs, time);
                break;
            case JobEvent job:
                Job(batch, job.Job.Id, time);
                Edges(batch, job.Job.Id, job.Inputs, job.Outputs, time);
                break;
            case DatasetEvent dataset when HasRow(dataset):
                Dataset(batch, dataset.Dataset.Id, time);
                break;
        }
    }

    private static void Edges(NpgsqlBatch batch, JobId job, IReadOnlyList<InputDataset> inputs, IReadOnlyList<OutputDataset> outputs, DateTime time)
    {
        foreach (var (id, direction) in inputs.Select(i => (i.Id, "in")).Concat(outputs.Select(o => (o.Id, "out"))))
        {
            Dataset(batch, id, time);
            batch.BatchCommands.Add(PostgresLineageStore.Command(
                """
                INSERT INTO edges (job_namespace, job_name, dataset_namespace, dataset_name, direction, first_seen, last_seen) VALUES ($1, $2, $3, $4, $5, $6, $6)
                ON CONFLICT (job_namespace, job_name, direction, dataset_namespace, dataset_name) DO UPDATE
                    SET first_seen = least(edges.first_seen, excluded.first_seen), last_seen = greatest(edges.last_seen, excluded.last_seen)
                """,
                P(job.Namespace), P(job.Name), P(id.Namespace), P(id.Name), P(direction), P(time, NpgsqlDbType.TimestampTz)));
        }
    }

    private static void Job(NpgsqlBatch batch, JobId id, DateTime time) => batch.BatchCommands.Add(PostgresLineageStore.Command(
        """
        INSERT INTO jobs (namespace, name, first_seen, last_seen) VALUES ($1, $2, $3, $3)
        ON CONFLICT (namespace, name) DO UPDATE SET first_seen = least(jobs.first_seen, excluded.first_seen), last_seen = greatest(jobs.last_seen, excluded.last_seen)
        """,
        P(id.Namespace), P(id.Name), P(time, NpgsqlDbType.TimestampTz)));

    private static void Dataset(NpgsqlBatch batch, DatasetId id, DateTime time) => batch.BatchCommands.Add(PostgresLineageStore.Command(
        """
        INSERT INTO datasets (namespace, name, first_seen, last_seen) VALUES ($1, $2, $3, $3)
        ON CONFLICT (namespace, name) DO UPDATE SET first_seen = least(datasets.first_seen, excluded.first_seen), last_seen = greatest(datasets.last_seen, excluded.last_seen)
        """,
        P(id.Namespace), P(id.Name), P(time, NpgsqlDbType.TimestampTz)));

    private static NpgsqlParameter P(object value, NpgsqlDbType type = NpgsqlDbType.Text) => PostgresLineageStore.Parameter(value, type);
}
