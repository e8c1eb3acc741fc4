using System.Runtime.InteropServices;

namespace Tributary.Sql.Analysis;

/// <summary>
/// One direct dependency: a source column, how its value flows, whether a masking function is on every path, and
/// whether some path rests on a guess (a column placed in a table without proof).
/// </summary>
internal struct DirectEdge(SourceColumn source, SqlLineageKind kind, bool masked, bool guessed)
{
    public SourceColumn Source = source;
    public SqlLineageKind Kind = kind;
    public bool Masked = masked;
    public bool Guessed = guessed;
}

/// <summary>The lineage of one value: its direct sources (strongest kind wins) and the columns it depends on only as a condition or window key.</summary>
internal sealed class LineageSet
{
    public static readonly LineageSet Empty = new();

    // Most values have a handful of sources and are scanned; past this many they are indexed, so an expression over
    // 100,000 columns (a long CONCAT, a wide COALESCE) adds each source in constant time.
    private const int ScanLimit = 16;

    private Dictionary<SourceColumn, int>? _directIndex;
    private HashSet<(SourceColumn, SqlIndirectKind)>? _indirectIndex;

    // Most sets hold one source (a column read as it is), and a statement makes hundreds of sets: the one source is
    // held in the set itself, and an array is made only for a second.
    private DirectEdge _single;
    private DirectEdge[]? _direct;
    private int _directCount;

    private Span<DirectEdge> Edges => _direct is not null ? _direct.AsSpan(0, _directCount) : MemoryMarshal.CreateSpan(ref _single, _directCount);

    /// <summary>The direct sources; changed only through <see cref="AddDirect"/>.</summary>
    public ReadOnlySpan<DirectEdge> Direct => Edges;

    /// <summary>The indirect sources; changed only through <see cref="AddIndirect"/>.</summary>
    public List<(SourceColumn Source, SqlIndirectKind Kind)>? Indirect { get; private set; }

    /// <summary>True when some direct source matches <paramref name="match"/>.</summary>
    public bool DirectExists(Predicate<DirectEdge> match)
    {
        foreach (var e in Direct)
        {
            if (match(e))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsEmpty => _directCount == 0 && (Indirect is null || Indirect.Count == 0);

    public void AddDirect(SourceColumn source, SqlLineageKind kind, bool masked, bool guessed = false)
    {
        var edges = Edges;
        var at = -1;
        if (_directIndex is not null)
        {
            at = _directIndex.TryGetValue(source, out var found) ? found : -1;
        }
        else
        {
            for (var i = 0; i < edges.Length; i++)
            {
                if (edges[i].Source == source)
                {
                    at = i;
                    break;
                }
            }
        }

        if (at >= 0)
        {
            ref var e = ref edges[at];
            if (kind > e.Kind)
            {
                e.Kind = kind;
            }

            e.Masked &= masked;
            e.Guessed |= guessed;
            return;
        }

        var count = _directCount;
        var edge = new DirectEdge(source, kind, masked, guessed);
        if (count == 0)
        {
            _single = edge;
            _directCount = 1;
            return;
        }

        if (_direct is null)
        {
            _direct = new DirectEdge[4];
            _direct[0] = _single;
            _single = default;
        }
        else if (count == _direct.Length)
        {
            Array.Resize(ref _direct, count * 2);
        }

        var list = _direct;
        list[count] = edge;
        _directCount = ++count;
        if (_directIndex is not null)
        {
            _directIndex.Add(source, count - 1);
        }
        else if (count > ScanLimit)
        {
            _directIndex = new Dictionary<SourceColumn, int>(count * 2);
            for (var i = 0; i < count; i++)
            {
                _directIndex.TryAdd(list[i].Source, i);
            }
        }
    }

    public void AddIndirect(SourceColumn source, SqlIndirectKind kind)
    {
        Indirect ??= [];
        if (_indirectIndex is not null)
        {
            if (_indirectIndex.Add((source, kind)))
            {
                Indirect.Add((source, kind));
            }

            return;
        }

        foreach (var (s, k) in Indirect)
        {
            if (k == kind && s == source)
            {
                return;
            }
        }

        Indirect.Add((source, kind));
        if (Indirect.Count > ScanLimit)
        {
            _indirectIndex = [.. Indirect];
        }
    }

    /// <summary>Adds everything of <paramref name="other"/>, raising each kind to at least <paramref name="atLeast"/>.</summary>
    public void MergeFrom(LineageSet other, SqlLineageKind atLeast, bool masked)
    {
        if (ReferenceEquals(other, this))
        {
            return;
        }

        foreach (var e in other.Direct)
        {
            AddDirect(e.Source, e.Kind > atLeast ? e.Kind : atLeast, e.Masked || masked, e.Guessed);
        }

        if (other.Indirect is not null)
        {
            foreach (var (s, k) in other.Indirect)
            {
                AddIndirect(s, k);
            }
        }
    }

    /// <summary>Adds the direct sources of <paramref name="other"/> as direct sources and as column-level indirect ones of a kind.</summary>
    public void MergeAsCondition(LineageSet other, SqlLineageKind atLeast, bool masked, SqlIndirectKind kind)
    {
        foreach (var e in other.Direct)
        {
            AddDirect(e.Source, e.Kind > atLeast ? e.Kind : atLeast, e.Masked || masked, e.Guessed);
            AddIndirect(e.Source, kind);
        }

        if (other.Indirect is not null)
        {
            foreach (var (s, k) in other.Indirect)
            {
                AddIndirect(s, k);
            }
        }
    }

    public LineageSet Clone()
    {
        var copy = new LineageSet();
        copy.MergeFrom(this, SqlLineageKind.Identity, false);
        return copy;
    }
}
