using Tributary.Sql;

namespace Tributary.Ingest;

/// <summary>A SQL statement as the analyses kept by <see cref="SqlDerivationCache"/> are found: its exact text and its dialect.</summary>
/// <param name="Sql">The statement's text, compared ordinally.</param>
/// <param name="Dialect">The dialect it was analysed in.</param>
internal readonly record struct SqlKey(string Sql, SqlDialect Dialect);
