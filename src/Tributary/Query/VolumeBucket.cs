using Tributary.Model;

namespace Tributary.Query;

/// <summary>Rows and bytes that moved through a job or dataset during one time bucket.</summary>
/// <param name="Node">The job or dataset.</param>
/// <param name="Start">The start of the bucket.</param>
/// <param name="RowsIn">Rows in: read by the job, or written into the dataset.</param>
/// <param name="BytesIn">Bytes in, likewise.</param>
/// <param name="RowsOut">Rows out: written by the job, or read from the dataset.</param>
/// <param name="BytesOut">Bytes out, likewise.</param>
/// <param name="Runs">Runs that contributed.</param>
public sealed record VolumeBucket(NodeId Node, DateTimeOffset Start, long RowsIn, long BytesIn, long RowsOut, long BytesOut, int Runs);
