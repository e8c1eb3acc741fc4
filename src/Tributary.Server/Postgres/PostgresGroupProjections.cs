using Npgsql;
using NpgsqlTypes;
using Tributary.Model;

namespace Tributary.Server.Postgres;

/// <summary>
/// The projections of a whole group of appended events (datasets, jobs, runs, edges), folded in memory to one row per
/// key and written as one multi-row upsert per table: the same rows <see cref="PostgresProjections"/> leaves after the
/// events one by one (first seen the least time, last seen the greatest, a run's state the last one given), in four
/// statements instead of several per event. A row that would not change is left alone (no new row version, no WAL).
/// </summary>
internal sealed class PostgresGroupProjections
{
    private readonly Dictionary<(string Namespace, string Name), Seen> _jobs = [];
    private readonly Dictionary<(string Namespace, string Name), Seen> _datasets = [];
    private readonly Dictionary<(string JobNamespace, string JobName, string Direction, string Namespace, string Name), Seen> _edges = [];
    private readonly Dictionary<Guid, RunRow> _runs = [];

    /// <summary>Folds one event's projections in, at its event time.</summary>
    public void Add(LineageEvent e, DateTime time)
    {
        switch (e)
        {
            case RunEvent run:
                Job(run.Job.Id, time);
                var state = PostgresProjections.State(run.EventType);
                _runs[run.Run.RunId.Value] = _runs.TryGetValue(run.Run.RunId.Value, out var row)
                    ? row with { State = state ?? row.State, Started = Min(row.Started, time), Updated = Max(row.Updated, time) }
                    : new RunRow(run.Job.Id.Namespace, run.Job.Id.Name, state, time, time);
                Edges(run.Job.Id, run.Inputs, run.Outputs, time);
                break;
            case JobEvent job:
                Job(job.Job.Id, time);
                Edges(job.Job.Id, job.Inputs, job.Outputs, time);
                break;
            case DatasetEvent dataset when PostgresProjections.HasRow(dataset):
                See(_datasets, (dataset.Dataset.Id.Namespace, dataset.Dataset.Id.Name), time);
                break;
        }
    }

    /// <summary>One upsert per table that has rows, to add to the transaction's batch.</summary>
    public List<NpgsqlBatchCommand> ToCommands()
    {
        var commands = new List<NpgsqlBatchCommand>(4);
        Upsert(commands, "jobs", _jobs);
        Upsert(commands, "datasets", _datasets);
        if (_runs.Count > 0)
        {
            commands.Add(PostgresLineageStore.Command(
                """
                INSERT INTO runs (run_id, job_namespace, job_name, state, started_at, updated_at)
                SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])
                ON CONFLICT (run_id) DO UPDATE SET state = coalesce(excluded.state, runs.state),
                    started_at = least(runs.started_at, excluded.started_at), updated_at = greatest(runs.updated_at, excluded.updated_at)
                WHERE runs.state IS DISTINCT FROM coalesce(excluded.state, runs.state)
                    OR runs.started_at > excluded.started_at OR runs.updated_at < excluded.updated_at
                """,
                PostgresLineageStore.Parameter(_runs.Keys.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid),
                Texts(_runs.Values, r => r.JobNamespace), Texts(_runs.Values, r => r.JobName),
                PostgresLineageStore.Parameter(_runs.Values.Select(r => (object?)r.State ?? DBNull.Value).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
                Times(_runs.Values, r => r.Started), Times(_runs.Values, r => r.Updated)));
        }

        if (_edges.Count > 0)
        {
            commands.Add(PostgresLineageStore.Command(
                """
                INSERT INTO edges (job_namespace, job_name, direction, dataset_namespace, dataset_name, first_seen, last_seen)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[])
                ON CONFLICT (job_namespace, job_name, direction, dataset_namespace, dataset_name) DO UPDATE
                    SET first_seen = least(edges.first_seen, excluded.first_seen), last_seen = greatest(edges.last_seen, excluded.last_seen)
                    WHERE edges.first_seen > excluded.first_seen OR edges.last_seen < excluded.last_seen
                """,
                Texts(_edges.Keys, k => k.JobNamespace), Texts(_edges.Keys, k => k.JobName), Texts(_edges.Keys, k => k.Direction),
                Texts(_edges.Keys, k => k.Namespace), Texts(_edges.Keys, k => k.Name),
                Times(_edges.Values, s => s.First), Times(_edges.Values, s => s.Last)));
        }

        return commands;
    }

    // Jobs and datasets have the same shape: a namespace, a name, and when they were first and last seen. The table
    // name is one of those two constants, never anything from an event.
    private static void Upsert(List<NpgsqlBatchCommand> commands, string table, Dictionary<(string Namespace, string Name), Seen> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        commands.Add(PostgresLineageStore.Command(
            $"""
            INSERT INTO {table} (namespace, name, first_seen, last_seen)
            SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[])
            ON CONFLICT (namespace, name) DO UPDATE SET first_seen = least({table}.first_seen, excluded.first_seen), last_seen = greatest({table}.last_seen, excluded.last_seen)
                WHERE {table}.first_seen > excluded.first_seen OR {table}.last_seen < excluded.last_seen
            """,
            Texts(rows.Keys, k => k.Namespace), Texts(rows.Keys, k => k.Name), Times(rows.Values, s => s.First), Times(rows.Values, s => s.Last)));
    }

    private void Job(JobId id, DateTime time) => See(_jobs, (id.Namespace, id.Name), time);

    private void Edges(JobId job, IReadOnlyList<InputDataset> inputs, IReadOnlyList<OutputDataset> outputs, DateTime time)
    {
        foreach (var input in inputs)
        {
            Edge(job, "in", input.Id, time);
        }

        foreach (var output in outputs)
        {
            Edge(job, "out", output.Id, time);
        }
    }

    private void Edge(JobId job, string direction, DatasetId dataset, DateTime time)
    {
        See(_datasets, (dataset.Namespace, dataset.Name), time);
        See(_edges, (job.Namespace, job.Name, direction, dataset.Namespace, dataset.Name), time);
    }

    private static void See<TKey>(Dictionary<TKey, Seen> rows, TKey key, DateTime time) where TKey : notnull =>
        rows[key] = rows.TryGetValue(key, out var seen) ? new Seen(Min(seen.First, time), Max(seen.Last, time)) : new Seen(time, time);

    private static DateTime Min(DateTime a, DateTime b) => a <= b ? a : b;

    private static DateTime Max(DateTime a, DateTime b) => a >= b ? a : b;

    private static NpgsqlParameter Texts<T>(IEnumerable<T> rows, Func<T, string> text) =>
        PostgresLineageStore.Parameter(rows.Select(text).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);

    private static NpgsqlParameter Times<T>(IEnumerable<T> rows, Func<T, DateTime> time) =>
        PostgresLineageStore.Parameter(rows.Select(time).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);

    private readonly record struct Seen(DateTime First, DateTime Last);

    private sealed record RunRow(string JobNamespace, string JobName, string? State, DateTime Started, DateTime Updated);
}
