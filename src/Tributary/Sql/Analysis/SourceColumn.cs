namespace Tributary.Sql.Analysis;

/// <summary>A column of a real table: the canonical display names of the table and the column.</summary>
internal readonly record struct SourceColumn(string Table, string Column);
