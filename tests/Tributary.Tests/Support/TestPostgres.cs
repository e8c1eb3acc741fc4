using Npgsql;

namespace Tributary.Tests.Support;

/// <summary>
/// The throwaway PostgreSQL cluster test.sh starts (scripts/test-postgres.sh), named by the TRIBUTARY_TEST_POSTGRES
/// connection string. Each test gets its own fresh database.
/// </summary>
public static class TestPostgres
{
    /// <summary>The cluster's connection string, or null when no cluster was started for this run.</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable("TRIBUTARY_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var root = ConnectionString ?? throw new InvalidOperationException("TRIBUTARY_TEST_POSTGRES is not set; run ./test.sh, which starts a PostgreSQL cluster.");
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var source = NpgsqlDataSource.Create(root);
        await using var command = source.CreateCommand($"CREATE DATABASE {name}");
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(root) { Database = name }.ConnectionString;
    }
}
