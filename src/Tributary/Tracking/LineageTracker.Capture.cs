using System.Data.Common;

namespace Tributary.Tracking;

// ADO.NET capture: every command executed on a wrapped connection becomes a run with its SQL and derived lineage.
public sealed partial class LineageTracker
{
    /// <summary>
    /// Wraps a connection of any ADO.NET provider so that every command executed through it is tracked as a run with
    /// its SQL, inputs, outputs, column lineage and rows affected (see <see cref="TrackedDbConnection"/>).
    /// </summary>
    public TrackedDbConnection Capture(DbConnection connection, SqlCaptureOptions? options = null) => new(connection, this, options);
}
