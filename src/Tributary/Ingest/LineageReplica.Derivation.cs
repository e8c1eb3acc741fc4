using System.Runtime.CompilerServices;
using Tributary.Model;
using Tributary.Sql;

namespace Tributary.Ingest;

/// <summary>
/// Column lineage derived from SQL, in two steps so that a slow statement never holds up anyone else:
/// <see cref="Prepare"/> analyses an event's SQL on the thread that ingested or parsed it, outside every lock and within
/// <see cref="LineageReplicaOptions.SqlBudget"/>, against the schemas known so far plus the event's own; the analysis is
/// kept by statement digest. <see cref="Derive"/> then runs in delivery order under the apply lock: it learns the
/// event's schemas and uses the kept analysis when every catalog table it looked up still reads the same, which makes
/// the result exactly what analysing it there would give. Only when the schemas changed in between is the SQL analysed
/// again there, within the same budget.
/// </summary>
public sealed partial class LineageReplica
{
    private readonly SqlCatalog _knownSchemas = new();
    private readonly SqlDerivationCache _analyses = new();
    private readonly ConditionalWeakTable<LineageEvent, PreparedDerivation> _prepared = [];
    private bool _catalogFromGraph;
    private long _derivationsStopped;
    private long _sqlAnalyses;

    /// <summary>How many events got no derived column lineage because their SQL was past <see cref="LineageReplicaOptions.SqlBudget"/>.</summary>
    public long DerivationsStopped => Interlocked.Read(ref _derivationsStopped);

    /// <summary>How many times SQL was analysed in this process (a statement found among the kept analyses is not counted).</summary>
    internal long SqlAnalyses => Interlocked.Read(ref _sqlAnalyses);

    // Outside every lock, on any thread: analyse (or find the analysis of) the event's SQL and build its derived event.
    private void Prepare(IngestedEvent e)
    {
        if (!_options.DeriveColumnLineageFromSql || SqlLineageDerivation.SqlOf(e.Event) is not { } sql)
        {
            return;
        }

        try
        {
            var run = (RunEvent)e.Event;
            var dialect = SqlLineageDerivation.DialectOf(run);
            var key = new SqlKey(sql, dialect);
            if (!_analyses.TryGet(key, out var result) || !StillValid(result, SqlCatalog.Over(_knownSchemas), run))
            {
                // The event's own schemas on top of the shared catalog, which only the apply lock changes.
                var catalog = SqlCatalog.Over(_knownSchemas);
                SqlLineageDerivation.Learn(catalog, run);
                result = Analyze(e, sql, dialect, catalog);
                _analyses.Set(key, result);
            }

            var derived = result.StoppedByBudget ? run : SqlLineageDerivation.Apply(run, result, dialect);
            _prepared.AddOrUpdate(e.Event, new PreparedDerivation(key, result, derived));
        }
#pragma warning disable CA1031 // Preparing is an optimisation: whatever fails here is done again, and reported, under the lock.
        catch (Exception)
#pragma warning restore CA1031
        {
            _prepared.Remove(e.Event);
        }
    }

    // Runs under the apply lock, in delivery order. Derivation is a projection of the stored event: it never changes
    // what is stored or how it is deduplicated.
    private IngestedEvent Derive(IngestedEvent e)
    {
        if (!_options.DeriveColumnLineageFromSql)
        {
            return e;
        }

        try
        {
            var sql = SqlLineageDerivation.SqlOf(e.Event);
            if (!_catalogFromGraph)
            {
                if (sql is null)
                {
                    // Until the first statement nothing reads the catalog, and the graph keeps every schema applied so
                    // far: a store without SQL never builds one (learning took a sixth of each realistic event's apply).
                    return e;
                }

                // The schemas seen before the first statement (or before a checkpoint) live in the graph: read them once.
                Graph.ForEachSchema((dataset, schema) => SqlLineageDerivation.AddSchema(_knownSchemas, dataset, schema));
                _catalogFromGraph = true;
            }

            SqlLineageDerivation.Learn(_knownSchemas, e.Event);
            if (sql is null)
            {
                return e;
            }

            var run = (RunEvent)e.Event;
            _prepared.TryGetValue(e.Event, out var prepared);
            _prepared.Remove(e.Event);
            var dialect = SqlLineageDerivation.DialectOf(run);
            var key = prepared?.Key ?? new SqlKey(sql, dialect);
            if (!_analyses.TryGet(key, out var result) || !StillValid(result, _knownSchemas, null))
            {
                result = Analyze(e, sql, dialect, _knownSchemas);
                _analyses.Set(key, result);
            }

            var derived = prepared is not null && ReferenceEquals(prepared.Result, result) ? prepared.Derived
                : result.StoppedByBudget ? run
                : SqlLineageDerivation.Apply(run, result, dialect);
            return ReferenceEquals(derived, e.Event) ? e : e with { Event = derived };
        }
#pragma warning disable CA1031 // Derivation is best effort: the event is durable and is delivered as sent.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(e.Sequence, ex);
            return e;
        }
    }

    private SqlLineageResult Analyze(IngestedEvent e, string sql, SqlDialect dialect, SqlCatalog catalog)
    {
        Interlocked.Increment(ref _sqlAnalyses);
        var result = SqlLineage.Analyze(sql, SqlLineageDerivation.AnalysisOptions(dialect, catalog, _options.SqlBudget));
        if (result.StoppedByBudget)
        {
            Interlocked.Increment(ref _derivationsStopped);
            var job = e.Event is RunEvent run ? $" (job {run.Job.Id})" : "";
            Warn($"event #{e.Sequence}{job}: no column lineage derived from its SQL: {result.Diagnostics[0].Message}");
        }

        return result;
    }

    // A kept analysis stands when every catalog table it looked up reads the same now. One stopped by its budget always
    // stands: the same statement is not tried again in this process.
    private static bool StillValid(SqlLineageResult result, SqlCatalog catalog, RunEvent? ownSchemas)
    {
        if (result.StoppedByBudget || result.CatalogLookups is not { } lookups)
        {
            return true;
        }

        if (ownSchemas is not null && lookups.Count > 0)
        {
            SqlLineageDerivation.Learn(catalog, ownSchemas);
        }

        foreach (var (table, columns) in lookups)
        {
            var found = catalog.TryGetColumns(table, out var now);
            if (found != columns is not null)
            {
                return false;
            }

            if (found && !ReferenceEquals(now, columns) && !now.SequenceEqual(columns!, StringComparer.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private sealed record PreparedDerivation(SqlKey Key, SqlLineageResult Result, LineageEvent Derived);
}
