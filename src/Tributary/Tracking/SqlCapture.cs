using System.Data.Common;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Sql;

namespace Tributary.Tracking;

/// <summary>The shared state of a tracked connection: options, the catalog it learns, and how a command becomes a run.</summary>
internal sealed class SqlCapture
{
    private readonly LineageTracker _tracker;
    private readonly SqlCaptureOptions _options;
    private readonly Lock _lock = new();

    public SqlCapture(LineageTracker tracker, DbConnection connection, SqlCaptureOptions options)
    {
        _tracker = tracker;
        _options = options;
        var provider = ProviderOf(connection);
        Dialect = options.Dialect ?? provider.Dialect;
        Namespace = options.DatasetNamespace ?? provider.Scheme + "://" + (string.IsNullOrWhiteSpace(SafeDataSource(connection)) ? "default" : SafeDataSource(connection));
        Catalog = options.Catalog?.Clone() ?? new SqlCatalog();
    }

    public SqlDialect Dialect { get; }

    public string Namespace { get; }

    public SqlCatalog Catalog { get; }

    /// <summary>Starts the run of one execution, or returns null when the command is not tracked. Only audit-mode failures throw.</summary>
    public CapturedRun? Start(TrackedDbCommand tracked)
    {
        var command = tracked.Inner;
        if (!_tracker.IsEnabled)
        {
            return null;
        }

        var sql = command.CommandText;
        if (string.IsNullOrWhiteSpace(sql) || command.CommandType != System.Data.CommandType.Text)
        {
            return null;
        }

        SqlLineageResult result;
        try
        {
            lock (_lock)
            {
                result = SqlLineage.Analyze(sql, new SqlAnalysisOptions { Dialect = Dialect, Catalog = Catalog, DefaultSchema = _options.DefaultSchema, Semantics = SqlSemantics.Script });
            }
        }
#pragma warning disable CA1031 // Tracking never throws into the host: a SQL text the analyzer cannot handle is simply not tracked.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }

        var hasTables = result.Inputs.Count > 0 || result.Outputs.Count > 0;
        if ((!hasTables && !_options.TrackStatementsWithoutTables) || (result.Outputs.Count == 0 && hasTables && !_options.TrackReads))
        {
            Learn(sql, result);
            return null;
        }

        var kind = result.Statements.FirstOrDefault(s => s.Outputs.Count > 0)?.Kind ?? result.Statements.FirstOrDefault()?.Kind ?? "SQL";
        var name = tracked.JobName ?? _options.JobName?.Invoke(sql, result) ?? DefaultJobName(kind, result);
        var scope = _tracker.StartRun(
            new JobId(_tracker.Options.Namespace, name),
            tracked.OperationType ?? OperationOf(kind, result),
            [.. result.Inputs.Select(Id)],
            [.. result.Outputs.Select(Id)]);
        scope.AddJobFacet(SqlJobFacet.Key, new SqlJobFacet(sql) { Dialect = DialectName(Dialect) });
        scope.AddJobFacet(JobTypeJobFacet.Key, new JobTypeJobFacet("BATCH", "TRIBUTARY") { JobType = "QUERY" });
        return new CapturedRun(this, scope, sql, result, tracked.DescribeDataset, tracked.OnRun);
    }

    internal void Finish(CapturedRun run, int rowsAffected, bool succeeded)
    {
        var (scope, sql, result) = (run.Scope, run.Sql, run.Result);
        if (succeeded)
        {
            Learn(sql, result);
        }

        foreach (var input in result.Inputs)
        {
            scope.AddInput(Describe(run, new InputDataset(Id(input)) { Facets = Schema(input) }));
        }

        var lineage = result.ToColumnLineageFacets(Namespace);
        foreach (var output in result.Outputs)
        {
            var facets = Schema(output);
            if (lineage.TryGetValue(output, out var columnLineage) && (columnLineage.Fields.Count > 0 || columnLineage.Dataset.Count > 0))
            {
                facets = facets.With(ColumnLineageDatasetFacet.Key, columnLineage);
            }

            scope.AddOutput(Describe(run, new OutputDataset(Id(output)) { Facets = facets }));
        }

        if (rowsAffected >= 0 && result.Outputs.Count == 1)
        {
            scope.SetOutputRecordCount(Id(result.Outputs[0]), rowsAffected);
        }

        run.OnRun?.Invoke(scope);
    }

    private static Dataset Describe(CapturedRun run, Dataset dataset) => run.DescribeDataset?.Invoke(dataset) ?? dataset;

    private DatasetId Id(string table) => new(Namespace, table);

    private FacetSet Schema(string table)
    {
        lock (_lock)
        {
            return Catalog.TryGetColumns(table, out var columns) && columns.Count > 0
                ? new FacetSet([new(SchemaDatasetFacet.Key, new SchemaDatasetFacet { Fields = [.. columns.Select(c => new SchemaField(c))] })])
                : FacetSet.Empty;
        }
    }

    // Tables created by the command become known: their columns from CREATE TABLE's definitions or from the query of CREATE TABLE AS.
    private void Learn(string sql, SqlLineageResult result)
    {
        try
        {
            lock (_lock)
            {
                var ddl = SqlCatalog.FromDdl(sql, Dialect);
                foreach (var table in ddl.Tables)
                {
                    if (ddl.TryGetColumns(table, out var columns) && columns.Count > 0)
                    {
                        Catalog.Add(table, columns);
                    }
                }

                foreach (var statement in result.Statements.Where(s => s.Kind is "CREATE TABLE" or "CREATE VIEW" or "SELECT INTO"))
                {
                    foreach (var output in statement.Outputs)
                    {
                        var columns = statement.Columns.Where(c => string.Equals(c.Target.Table, output, StringComparison.OrdinalIgnoreCase)).Select(c => c.Target.Column).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                        if (columns.Count > 0 && !ddl.TryGetColumns(output, out _))
                        {
                            Catalog.Add(output, columns);
                        }
                    }
                }
            }
        }
#pragma warning disable CA1031 // Learning the catalog is best effort and must not break the host's command.
        catch (Exception)
#pragma warning restore CA1031
        {
            // The catalog stays as it was.
        }
    }

    private static string DefaultJobName(string kind, SqlLineageResult result)
    {
        var table = result.Outputs.Count > 0 ? result.Outputs[0] : result.Inputs.Count > 0 ? result.Inputs[0] : null;
        var verb = kind.ToLowerInvariant().Replace(' ', '_');
        return table is null ? verb : verb + "." + table;
    }

    private static OperationType? OperationOf(string kind, SqlLineageResult result) => kind switch
    {
        "SELECT" => OperationType.Read,
        "UPDATE" => OperationType.Update,
        "DELETE" or "DROP" => OperationType.Delete,
        "COPY" => OperationType.Copy,
        _ when result.Outputs.Count > 0 && result.Inputs.Count > 0 => OperationType.Transform,
        _ when result.Outputs.Count > 0 => OperationType.Write,
        _ => null,
    };

    private static string SafeDataSource(DbConnection connection)
    {
        try
        {
            return connection.DataSource;
        }
#pragma warning disable CA1031 // Some providers throw before the connection string is set; the namespace then falls back.
        catch (Exception)
#pragma warning restore CA1031
        {
            return "";
        }
    }

    private static (string Scheme, SqlDialect Dialect) ProviderOf(DbConnection connection)
    {
        var type = connection.GetType().FullName ?? "";
        return type switch
        {
            _ when type.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) => ("sqlite", SqlDialect.Sqlite),
            _ when type.Contains("Npgsql", StringComparison.Ordinal) => ("postgres", SqlDialect.PostgreSql),
            _ when type.Contains("SqlClient", StringComparison.Ordinal) => ("sqlserver", SqlDialect.TSql),
            _ when type.Contains("MySql", StringComparison.OrdinalIgnoreCase) => ("mysql", SqlDialect.MySql),
            _ when type.Contains("Snowflake", StringComparison.Ordinal) => ("snowflake", SqlDialect.Snowflake),
            _ when type.Contains("BigQuery", StringComparison.Ordinal) => ("bigquery", SqlDialect.BigQuery),
            _ when type.Contains("DuckDB", StringComparison.OrdinalIgnoreCase) => ("duckdb", SqlDialect.DuckDb),
            _ when type.Contains("Oracle", StringComparison.Ordinal) => ("oracle", SqlDialect.Oracle),
            _ => ("sql", SqlDialect.Ansi),
        };
    }

    private static string DialectName(SqlDialect dialect) => dialect switch
    {
        SqlDialect.PostgreSql => "postgres",
        SqlDialect.TSql => "tsql",
        _ => dialect.ToString().ToLowerInvariant(),
    };
}

/// <summary>One tracked execution of a command, finished once with its outcome.</summary>
internal sealed class CapturedRun(
    SqlCapture capture, RunScope scope, string sql, SqlLineageResult result, Func<Dataset, Dataset>? describeDataset, Action<RunScope>? onRun)
{
    public Func<Dataset, Dataset>? DescribeDataset { get; } = describeDataset;

    public Action<RunScope>? OnRun { get; } = onRun;

    public RunScope Scope { get; } = scope;

    public string Sql { get; } = sql;

    public SqlLineageResult Result { get; } = result;

    public void Complete(int rowsAffected)
    {
        try
        {
            capture.Finish(this, rowsAffected, succeeded: true);
        }
        finally
        {
            Scope.Complete();
        }
    }

    public void Fail(Exception exception)
    {
        try
        {
            capture.Finish(this, -1, succeeded: false);
        }
        finally
        {
            Scope.Fail(exception);
        }
    }
}
