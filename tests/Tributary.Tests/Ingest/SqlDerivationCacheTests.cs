using Tributary.Ingest;
using Tributary.Sql;

namespace Tributary.Tests.Ingest;

/// <summary>The kept SQL analyses: found by the statement's exact text and dialect, bounded by columns and text.</summary>
public sealed class SqlDerivationCacheTests
{
    private const string Statement = "INSERT INTO sales.daily SELECT region, amount FROM sales.orders";

    [Fact]
    public void An_analysis_is_found_again_only_by_the_same_text_in_the_same_dialect()
    {
        var cache = new SqlDerivationCache();
        var result = SqlLineage.Analyze(Statement);
        cache.Set(new SqlKey(Statement, SqlDialect.Ansi), result);

        // A copy of the text (another string object) finds it; a statement one character away or in another dialect does not.
        Assert.True(cache.TryGet(new SqlKey(new string(Statement.AsSpan()), SqlDialect.Ansi), out var found));
        Assert.Same(result, found);
        Assert.False(cache.TryGet(new SqlKey(Statement.Replace("amount", "amounT", StringComparison.Ordinal), SqlDialect.Ansi), out _));
        Assert.False(cache.TryGet(new SqlKey(Statement, SqlDialect.Spark), out _));
    }

    [Fact]
    public void Long_statements_count_against_the_bound_by_their_length_so_the_oldest_are_dropped()
    {
        // Each statement weighs 1 + 2 columns + 6,400 / 64 characters = 103: a bound of 300 keeps the newest two.
        var cache = new SqlDerivationCache(maxWeight: 300);
        var padding = new string(' ', 6_400 - Statement.Length - "/*0*/".Length);
        var keys = Enumerable.Range(0, 4).Select(i => new SqlKey($"/*{i}{padding}*/{Statement}", SqlDialect.Ansi)).ToList();
        Assert.All(keys, k => Assert.Equal(6_400, k.Sql.Length));
        foreach (var key in keys)
        {
            cache.Set(key, SqlLineage.Analyze(key.Sql));
        }

        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryGet(keys[0], out _));
        Assert.False(cache.TryGet(keys[1], out _));
        Assert.True(cache.TryGet(keys[2], out _));
        Assert.True(cache.TryGet(keys[3], out _));
    }
}
