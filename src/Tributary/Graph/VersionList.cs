using System.Collections;

namespace Tributary.Graph;

// A dataset's versions in their order (first seen, then run id), each with its sort key kept beside it in a list of
// structs. Placing a run's version among thousands first seen at one time (runs sent with one event time) reads the
// keys of a few contiguous blocks; reading each probed version's own fields took a cache miss per step of the search,
// a quarter of the graph's time when a server took batches of such runs. The keys follow every change of the list;
// a version's first-seen time that changes in place is given back to its key with Refresh.
internal sealed class VersionList : IReadOnlyList<DatasetVersionRecord>
{
    private readonly BlockList<DatasetVersionRecord> _versions;
    private BlockList<VersionKey> _keys;

    /// <summary>Creates an empty list.</summary>
    public VersionList()
    {
        _versions = [];
        _keys = [];
    }

    /// <summary>Creates an empty list with room for <paramref name="capacity"/> versions in its first block.</summary>
    public VersionList(int capacity)
    {
        _versions = new BlockList<DatasetVersionRecord>(capacity);
        _keys = new BlockList<VersionKey>(capacity);
    }

    /// <inheritdoc />
    public int Count => _versions.Count;

    /// <inheritdoc />
    public DatasetVersionRecord this[int index] => _versions[index];

    /// <summary>Adds the version at the end.</summary>
    public void Add(DatasetVersionRecord version)
    {
        _versions.Add(version);
        _keys.Add(VersionKey.Of(version));
    }

    /// <summary>Adds the versions at the end, in their order.</summary>
    public void AddRange(IEnumerable<DatasetVersionRecord> versions)
    {
        foreach (var version in versions)
        {
            Add(version);
        }
    }

    /// <summary>Moves the version at <paramref name="from"/> to <paramref name="to"/>, its key with it.</summary>
    public void Move(int from, int to)
    {
        var version = _versions[from];
        var key = _keys[from];
        _versions.RemoveAt(from);
        _keys.RemoveAt(from);
        _versions.Insert(to, version);
        _keys.Insert(to, key);
    }

    /// <summary>The index of <paramref name="version"/> found by a pass over the list, or -1.</summary>
    public int IndexOf(DatasetVersionRecord version) => _versions.IndexOf(version);

    /// <summary>Puts the versions in the order <paramref name="comparison"/> gives, their keys with them.</summary>
    public void Sort(Comparison<DatasetVersionRecord> comparison)
    {
        _versions.Sort(comparison);
        var keys = new BlockList<VersionKey>(_versions.Count);
        foreach (var version in _versions)
        {
            keys.Add(VersionKey.Of(version));
        }

        _keys = keys;
    }

    /// <summary>Gives the key of the version at <paramref name="index"/> its first-seen time again, after it changed.</summary>
    public void Refresh(int index) => _keys.ItemRef(index).FirstSeen = _versions[index].FirstSeen;

    /// <summary>The key of the version at <paramref name="index"/>, whose run order may be filled in once worked out.</summary>
    public ref VersionKey KeyAt(int index) => ref _keys.ItemRef(index);

    /// <summary>How many of the first <paramref name="count"/> versions come before the place <paramref name="probe"/> looks for (<see cref="BlockList{T}.CountBefore"/>).</summary>
    public int CountBefore<TProbe>(ref TProbe probe, int count)
        where TProbe : struct, IBlockProbe<VersionKey> => _keys.CountBefore(ref probe, count);

    /// <summary>Enumerates the versions in order without allocating.</summary>
    public BlockList<DatasetVersionRecord>.Enumerator GetEnumerator() => _versions.GetEnumerator();

    IEnumerator<DatasetVersionRecord> IEnumerable<DatasetVersionRecord>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

// A version's place in its dataset's order: when it was first seen, then the first eight bytes of its run's id in
// their sort order (0 until worked out; see GraphViews.RunOrder).
internal struct VersionKey
{
    public long FirstSeen;
    public ulong RunOrder;

    public static VersionKey Of(DatasetVersionRecord version) => new() { FirstSeen = version.FirstSeen, RunOrder = version.RunOrder };
}
