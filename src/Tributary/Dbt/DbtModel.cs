using Tributary.Model;
using Tributary.Sql;

namespace Tributary.Dbt;

/// <summary>One model (or seed or snapshot) of a dbt manifest, named as <see cref="DbtImporter"/> names its job and output.</summary>
/// <param name="UniqueId">dbt's unique id, for example <c>model.jaffle_shop.orders</c>.</param>
/// <param name="Job">The job that runs it.</param>
/// <param name="Output">The relation it materialises.</param>
/// <param name="CompiledSql">Its compiled SQL (a query without a target), or null when the manifest holds none.</param>
/// <param name="Dialect">The SQL dialect of the manifest's adapter (ANSI when the adapter is not one the parser knows).</param>
public sealed record DbtModel(string UniqueId, JobId Job, DatasetId Output, string? CompiledSql, SqlDialect Dialect);
