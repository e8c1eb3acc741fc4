using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Tributary.Sql;

namespace Tributary.Tracking;

/// <summary>
/// A <see cref="DbConnection"/> that tracks every command executed through it (ExecuteNonQuery, ExecuteReader,
/// ExecuteScalar, sync and async) as a run of <see cref="LineageTracker"/>: START, then COMPLETE or FAIL, with the
/// SQL as the <c>sql</c> job facet, the tables read and written, their column lineage derived with
/// <see cref="SqlLineage"/>, schemas of the tables it has seen created, and the rows affected as output statistics.
/// It works with any ADO.NET provider, and never lets tracking change what the command does or throws.
/// </summary>
/// <example>
/// <code>
/// await using var connection = tracker.Capture(new SqliteConnection("Data Source=:memory:"));
/// await connection.OpenAsync();
/// await using var command = connection.CreateCommand();
/// command.CommandText = "INSERT INTO summary SELECT region, SUM(amount) FROM orders GROUP BY region";
/// await command.ExecuteNonQueryAsync();   // one run: orders → summary, with column lineage and the row count
/// </code>
/// </example>
public sealed class TrackedDbConnection : DbConnection
{
    private readonly SqlCapture _capture;

    /// <summary>Wraps <paramref name="inner"/>; commands it creates from now on are tracked by <paramref name="tracker"/>.</summary>
    public TrackedDbConnection(DbConnection inner, LineageTracker tracker, SqlCaptureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(tracker);
        Inner = inner;
        _capture = new SqlCapture(tracker, inner, options ?? new SqlCaptureOptions());
        inner.StateChange += (_, e) => OnStateChange(e);
    }

    /// <summary>The wrapped connection.</summary>
    public DbConnection Inner { get; }

    /// <summary>The tables and columns this connection knows: those given in the options and those it has seen created.</summary>
    public SqlCatalog Catalog => _capture.Catalog;

    /// <summary>The namespace datasets are placed in.</summary>
    public string DatasetNamespace => _capture.Namespace;

    /// <summary>The dialect the SQL is analysed in.</summary>
    public SqlDialect Dialect => _capture.Dialect;

    /// <inheritdoc />
    [AllowNull]
    public override string ConnectionString
    {
        get => Inner.ConnectionString;
        set => Inner.ConnectionString = value;
    }

    /// <inheritdoc />
    public override string Database => Inner.Database;

    /// <inheritdoc />
    public override string DataSource => Inner.DataSource;

    /// <inheritdoc />
    public override string ServerVersion => Inner.ServerVersion;

    /// <inheritdoc />
    public override ConnectionState State => Inner.State;

    /// <inheritdoc />
    public override int ConnectionTimeout => Inner.ConnectionTimeout;

    /// <inheritdoc />
    public override void ChangeDatabase(string databaseName) => Inner.ChangeDatabase(databaseName);

    /// <inheritdoc />
    public override void Close() => Inner.Close();

    /// <inheritdoc />
    public override void Open() => Inner.Open();

    /// <inheritdoc />
    public override Task OpenAsync(CancellationToken cancellationToken) => Inner.OpenAsync(cancellationToken);

    /// <inheritdoc />
    public override Task CloseAsync() => Inner.CloseAsync();

    /// <inheritdoc />
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => Inner.BeginTransaction(isolationLevel);

    /// <inheritdoc />
    protected override DbCommand CreateDbCommand() => new TrackedDbCommand(Inner.CreateCommand(), this, _capture);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await Inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
