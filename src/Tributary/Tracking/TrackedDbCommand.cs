using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Tributary.Tracking;

/// <summary>A command of a <see cref="TrackedDbConnection"/>: it runs the wrapped command and tracks each execution as a run.</summary>
public sealed class TrackedDbCommand : DbCommand
{
    private readonly SqlCapture _capture;
    private DbConnection? _connection;

    internal TrackedDbCommand(DbCommand inner, TrackedDbConnection connection, SqlCapture capture)
    {
        Inner = inner;
        _connection = connection;
        _capture = capture;
    }

    /// <summary>The wrapped command.</summary>
    public DbCommand Inner { get; }

    /// <summary>The job name of the runs of this command; null (the default) to name it from its SQL (see <see cref="SqlCaptureOptions.JobName"/>).</summary>
    public string? JobName { get; set; }

    /// <summary>The operation type of the runs of this command; null (the default) to derive it from the statement (SELECT → Read, INSERT … SELECT → Transform, ...).</summary>
    public Model.OperationType? OperationType { get; set; }

    /// <summary>
    /// Adds to each dataset the run reports (documentation, owners, tags, quality assertions, ...): called after the
    /// statement ran, with the dataset as captured (schema, column lineage); returns the dataset to report.
    /// </summary>
    public Func<Model.Dataset, Model.Dataset>? DescribeDataset { get; set; }

    /// <summary>Called after the statement ran and before COMPLETE or FAIL is emitted, to add job or run facets and record counts.</summary>
    public Action<RunScope>? OnRun { get; set; }

    /// <inheritdoc />
    [AllowNull]
    public override string CommandText
    {
        get => Inner.CommandText;
        set => Inner.CommandText = value;
    }

    /// <inheritdoc />
    public override int CommandTimeout
    {
        get => Inner.CommandTimeout;
        set => Inner.CommandTimeout = value;
    }

    /// <inheritdoc />
    public override CommandType CommandType
    {
        get => Inner.CommandType;
        set => Inner.CommandType = value;
    }

    /// <inheritdoc />
    public override bool DesignTimeVisible
    {
        get => Inner.DesignTimeVisible;
        set => Inner.DesignTimeVisible = value;
    }

    /// <inheritdoc />
    public override UpdateRowSource UpdatedRowSource
    {
        get => Inner.UpdatedRowSource;
        set => Inner.UpdatedRowSource = value;
    }

    /// <inheritdoc />
    protected override DbConnection? DbConnection
    {
        get => _connection;
        set
        {
            _connection = value;
            Inner.Connection = value is TrackedDbConnection tracked ? tracked.Inner : value;
        }
    }

    /// <inheritdoc />
    protected override DbParameterCollection DbParameterCollection => Inner.Parameters;

    /// <inheritdoc />
    protected override DbTransaction? DbTransaction
    {
        get => Inner.Transaction;
        set => Inner.Transaction = value;
    }

    /// <inheritdoc />
    public override void Cancel() => Inner.Cancel();

    /// <inheritdoc />
    public override void Prepare() => Inner.Prepare();

    /// <inheritdoc />
    protected override DbParameter CreateDbParameter() => Inner.CreateParameter();

    /// <inheritdoc />
    public override int ExecuteNonQuery()
    {
        var run = _capture.Start(this);
        try
        {
            var rows = Inner.ExecuteNonQuery();
            run?.Complete(rows);
            return rows;
        }
        catch (Exception e)
        {
            run?.Fail(e);
            throw;
        }
    }

    /// <inheritdoc />
    public override async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
    {
        var run = _capture.Start(this);
        try
        {
            var rows = await Inner.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            run?.Complete(rows);
            return rows;
        }
        catch (Exception e)
        {
            run?.Fail(e);
            throw;
        }
    }

    /// <inheritdoc />
    public override object? ExecuteScalar()
    {
        var run = _capture.Start(this);
        try
        {
            var value = Inner.ExecuteScalar();
            run?.Complete(-1);
            return value;
        }
        catch (Exception e)
        {
            run?.Fail(e);
            throw;
        }
    }

    /// <inheritdoc />
    public override async Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
    {
        var run = _capture.Start(this);
        try
        {
            var value = await Inner.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            run?.Complete(-1);
            return value;
        }
        catch (Exception e)
        {
            run?.Fail(e);
            throw;
        }
    }

    /// <summary>Executes the command; the run completes once the statement has executed (before the rows are read), with the reader's <c>RecordsAffected</c>.</summary>
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        var run = _capture.Start(this);
        try
        {
            var reader = Inner.ExecuteReader(behavior);
            run?.Complete(reader.RecordsAffected);
            return reader;
        }
        catch (Exception e)
        {
            run?.Fail(e);
            throw;
        }
    }

    /// <summary>Executes the command asynchronously; the run completes as in <see cref="ExecuteDbDataReader"/>.</summary>
    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        var run = _capture.Start(this);
        try
        {
            var reader = await Inner.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);
            run?.Complete(reader.RecordsAffected);
            return reader;
        }
        catch (Exception e)
        {
            run?.Fail(e);
            throw;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
