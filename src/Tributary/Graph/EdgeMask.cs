namespace Tributary.Graph;

// Which edge kinds a traversal follows, as bits of EdgeKind.
[Flags]
internal enum EdgeMask
{
    None = 0,
    Read = 1 << EdgeKind.Read,
    Write = 1 << EdgeKind.Write,
    ColumnLineage = 1 << EdgeKind.ColumnLineage,
    DatasetColumnLineage = 1 << EdgeKind.DatasetColumnLineage,
    RunOf = 1 << EdgeKind.RunOf,
    Table = Read | Write,
    Columns = ColumnLineage | DatasetColumnLineage,
}
