using Tributary.Sql;

namespace Tributary.Ingest;

/// <summary>
/// The analyses of the SQL statements seen recently, by their text and dialect, so the same SQL (a job that runs every
/// night, the START and COMPLETE of one run, an event replayed) is analysed once per process. Bounded by the columns the
/// kept results hold and the length of the kept texts; the oldest go first. Thread-safe.
/// </summary>
/// <remarks>
/// Keyed by the text itself, compared whole: a statement's digest (SHA-256, which this cache used before) cost a hash of
/// the text on every event that carries SQL, more than hashing it for the dictionary and comparing it once on a hit,
/// and only an exact comparison can never mistake one statement for another.
/// </remarks>
internal sealed class SqlDerivationCache
{
    private readonly Dictionary<SqlKey, SqlLineageResult> _results = [];
    private readonly Queue<SqlKey> _order = new();
    private readonly Lock _lock = new();
    private readonly int _maxWeight;
    private long _weight;

    /// <summary>
    /// Creates a cache that keeps results of at most <paramref name="maxWeight"/> in all: a result weighs one, plus its
    /// columns, plus one per <see cref="CharactersPerWeight"/> characters of its statement.
    /// </summary>
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

    /// <summary>How many characters of a kept statement weigh as much as one column of its result.</summary>
    public const int CharactersPerWeight = 64;

    /// <summary>The kept analysis of a statement, if any.</summary>
    public bool TryGet(SqlKey key, out SqlLineageResult result)
    {
        lock (_lock)
        {
            return _results.TryGetValue(key, out result!);
        }
    }

    /// <summary>Keeps (or replaces) the analysis of a statement, dropping the oldest ones past the bound.</summary>
    public void Set(SqlKey key, SqlLineageResult result)
    {
        lock (_lock)
        {
            if (_results.Remove(key, out var replaced))
            {
                _weight -= WeightOf(key, replaced);
            }
            else
            {
                _order.Enqueue(key);
            }

            _results[key] = result;
            _weight += WeightOf(key, result);
            while (_weight > _maxWeight && _order.Count > 1 && _order.TryDequeue(out var oldest))
            {
                if (_results.Remove(oldest, out var dropped))
                {
                    _weight -= WeightOf(oldest, dropped);
                }
            }
        }
    }

    // The text is kept with its result, so it counts too: many long statements with few columns each are bounded as well.
    private static long WeightOf(SqlKey key, SqlLineageResult result) => 1 + result.Columns.Count + (key.Sql.Length / CharactersPerWeight);
}
