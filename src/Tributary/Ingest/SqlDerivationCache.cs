using System.Runtime.InteropServices;
using Tributary.Sql;
using Tributary.Storage;

namespace Tributary.Ingest;

/// <summary>
/// The analyses of the SQL statements seen recently, by the SHA-256 of the text and the dialect, so the same SQL (a
/// job that runs every night, the START and COMPLETE of one run, an event replayed) is analysed once per process.
/// Bounded by the columns the kept results hold; the oldest go first. Thread-safe.
/// </summary>
internal sealed class SqlDerivationCache
{
    private readonly Dictionary<(EventDigest, SqlDialect), SqlLineageResult> _results = [];
    private readonly Queue<(EventDigest, SqlDialect)> _order = new();
    private readonly Lock _lock = new();
    private readonly int _maxWeight;
    private long _weight;

    /// <summary>Creates a cache that keeps results of at most <paramref name="maxWeight"/> columns (plus one per statement) in all.</summary>
    public SqlDerivationCache(int maxWeight = 250_000) => _maxWeight = maxWeight;

    /// <summary>How many results are kept.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _results.Count;
            }
        }
    }

    /// <summary>The key of a statement: the SHA-256 of its text (UTF-16, as held) and its dialect.</summary>
    public static (EventDigest, SqlDialect) KeyOf(string sql, SqlDialect dialect) =>
        (EventDigest.Compute(MemoryMarshal.AsBytes(sql.AsSpan())), dialect);

    /// <summary>The kept analysis of a statement, if any.</summary>
    public bool TryGet((EventDigest, SqlDialect) key, out SqlLineageResult result)
    {
        lock (_lock)
        {
            return _results.TryGetValue(key, out result!);
        }
    }

    /// <summary>Keeps (or replaces) the analysis of a statement, dropping the oldest ones past the bound.</summary>
    public void Set((EventDigest, SqlDialect) key, SqlLineageResult result)
    {
        lock (_lock)
        {
            if (_results.Remove(key, out var replaced))
            {
                _weight -= WeightOf(replaced);
            }
            else
            {
                _order.Enqueue(key);
            }

            _results[key] = result;
            _weight += WeightOf(result);
            while (_weight > _maxWeight && _order.Count > 1 && _order.TryDequeue(out var oldest))
            {
                if (_results.Remove(oldest, out var dropped))
                {
                    _weight -= WeightOf(dropped);
                }
            }
        }
    }

    private static long WeightOf(SqlLineageResult result) => 1 + result.Columns.Count;
}
