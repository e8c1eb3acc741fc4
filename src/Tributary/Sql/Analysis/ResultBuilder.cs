using System.Buffers;

namespace Tributary.Sql.Analysis;

/// <summary>The conversions of per-statement lineage into the public result, shared by both semantics.</summary>
internal static class ResultBuilder
{
    /// <summary>Up to this many entries a list is scanned; past it, indexed.</summary>
    public const int ScanLimit = 16;

    /// <summary>The distinct names in ordinal order: sorted first, so duplicates sit together and no set is needed.</summary>
    public static List<string> Sorted(IEnumerable<string> names)
    {
        var list = new List<string>(names);
        if (list.Count < 2)
        {
            return list;
        }

        list.Sort(StringComparer.Ordinal);
        var kept = 1;
        for (var i = 1; i < list.Count; i++)
        {
            if (!string.Equals(list[i], list[kept - 1], StringComparison.Ordinal))
            {
                list[kept++] = list[i];
            }
        }

        list.RemoveRange(kept, list.Count - kept);
        return list;
    }

    /// <summary>Merges target columns with the same name and converts them, dropping targets without any source.</summary>
    public static List<SqlColumnLineage> Columns(List<TargetColumn> columns, StringComparer comparer, Dictionary<SourceColumn, SqlColumnRef> refs)
    {
        var merged = new MergedColumns(comparer);
        merged.AddRange(columns);
        return merged.Convert(refs);
    }

    /// <summary>
    /// Target columns merged by table and name in first-written order. A target written once keeps its own (never
    /// changed) lineage; only one written again gets a merged copy. Few targets are compared in place; past that,
    /// an index by name is made once.
    /// </summary>
    public sealed class MergedColumns(StringComparer comparer)
    {
        private readonly List<(string? Table, string Column, LineageSet Set, bool Copied)> _order = [];
        private Dictionary<(string, string), int>? _index;

        /// <summary>Adds <paramref name="columns"/>, or only those of no table when <paramref name="withoutTable"/>.</summary>
        public void AddRange(List<TargetColumn> columns, bool withoutTable = false)
        {
            foreach (var c in columns)
            {
                if (withoutTable && c.Table is not null)
                {
                    continue;
                }

                var table = c.Table ?? "";
                var at = -1;
                if (_index is null && _order.Count > ScanLimit)
                {
                    _index = new Dictionary<(string, string), int>(_order.Count * 2, new PairComparer(comparer));
                    for (var i = 0; i < _order.Count; i++)
                    {
                        _index.Add((_order[i].Table ?? "", _order[i].Column), i);
                    }
                }

                if (_index is not null)
                {
                    if (!_index.TryAdd((table, c.Column), _order.Count))
                    {
                        at = _index[(table, c.Column)];
                    }
                }
                else
                {
                    for (var i = 0; i < _order.Count; i++)
                    {
                        if (comparer.Equals(_order[i].Table ?? "", table) && comparer.Equals(_order[i].Column, c.Column))
                        {
                            at = i;
                            break;
                        }
                    }
                }

                if (at < 0)
                {
                    _order.Add((c.Table, c.Column, c.Lineage, false));
                    continue;
                }

                var entry = _order[at];
                if (!entry.Copied)
                {
                    entry = (entry.Table, entry.Column, entry.Set.Clone(), true);
                    _order[at] = entry;
                }

                entry.Set.MergeFrom(c.Lineage, SqlLineageKind.Identity, false);
            }
        }

        public List<SqlColumnLineage> Convert(Dictionary<SourceColumn, SqlColumnRef> refs)
        {
            var result = new List<SqlColumnLineage>(_order.Count);
            foreach (var (table, column, set, _) in _order)
            {
                if (set.IsEmpty)
                {
                    continue;
                }

                var sources = new List<SqlColumnSource>(set.Direct.Length);
                foreach (var d in set.Direct)
                {
                    sources.Add(new SqlColumnSource(Ref(refs, d.Source), d.Kind, d.Masked, d.Guessed));
                }

                sources.Sort((a, b) => CompareColumns(a.Column, b.Column));
                var indirect = new List<SqlIndirectSource>(set.Indirect?.Count ?? 0);
                if (set.Indirect is not null)
                {
                    foreach (var i in set.Indirect)
                    {
                        indirect.Add(new SqlIndirectSource(Ref(refs, i.Source), i.Kind));
                    }

                    indirect.Sort(CompareIndirect);
                }

                result.Add(new SqlColumnLineage(new SqlColumnRef(table, column), sources, indirect));
            }

            return result;
        }
    }

    /// <summary>The distinct uses of <paramref name="list"/>, sorted: sorted as values first, so duplicates sit together and no set is needed.</summary>
    public static List<SqlIndirectSource> Indirect(List<(SourceColumn Source, SqlIndirectKind Kind)> list, Dictionary<SourceColumn, SqlColumnRef> refs)
    {
        var count = list.Count;
        var result = new List<SqlIndirectSource>(count);
        if (count == 0)
        {
            return result;
        }

        var scratch = ArrayPool<(SourceColumn, SqlIndirectKind)>.Shared.Rent(count);
        var uses = scratch.AsSpan(0, count);
        list.CopyTo(uses);
        uses.Sort(static (a, b) => CompareUses(a, b));
        for (var n = 0; n < count; n++)
        {
            var (source, kind) = uses[n];
            if (n == 0 || uses[n - 1] != (source, kind))
            {
                result.Add(new SqlIndirectSource(Ref(refs, source), kind));
            }
        }

        ArrayPool<(SourceColumn, SqlIndirectKind)>.Shared.Return(scratch, clearArray: true);
        return result;
    }

    private static int CompareUses((SourceColumn Source, SqlIndirectKind Kind) a, (SourceColumn Source, SqlIndirectKind Kind) b)
    {
        var c = string.CompareOrdinal(a.Source.Table, b.Source.Table);
        c = c != 0 ? c : string.CompareOrdinal(a.Source.Column, b.Source.Column);
        return c != 0 ? c : ((int)a.Kind).CompareTo((int)b.Kind); // as numbers: Enum.CompareTo boxes
    }

    private static SqlColumnRef Ref(Dictionary<SourceColumn, SqlColumnRef> refs, SourceColumn column)
    {
        if (!refs.TryGetValue(column, out var found))
        {
            refs.Add(column, found = new SqlColumnRef(column.Table, column.Column));
        }

        return found;
    }

    private static int CompareColumns(SqlColumnRef a, SqlColumnRef b)
    {
        var c = string.CompareOrdinal(a.Table, b.Table);
        return c != 0 ? c : string.CompareOrdinal(a.Column, b.Column);
    }

    private static int CompareIndirect(SqlIndirectSource a, SqlIndirectSource b)
    {
        var c = CompareColumns(a.Column, b.Column);
        return c != 0 ? c : ((int)a.Kind).CompareTo((int)b.Kind); // as numbers: Enum.CompareTo boxes
    }

    private sealed class PairComparer(StringComparer comparer) : IEqualityComparer<(string, string)>
    {
        public bool Equals((string, string) x, (string, string) y) => comparer.Equals(x.Item1, y.Item1) && comparer.Equals(x.Item2, y.Item2);

        public int GetHashCode((string, string) obj) => HashCode.Combine(comparer.GetHashCode(obj.Item1), comparer.GetHashCode(obj.Item2));
    }
}
