using System.Collections;

namespace Tributary.Graph;

// A dataset's versions in their order (first seen, then run id), each in one list of structs with its sort key beside
// it. Placing a run's version among thousands first seen at one time (runs sent with one event time) reads the keys of
// a few contiguous blocks; reading each probed version's own fields took a cache miss per step of the search, a quarter
// of the graph's time when a server took batches of such runs. The keys follow every change of the list; a version's
// first-seen time that changes in place is given back to its key with Refresh. One list rather than a list of versions
// and one of keys: two objects fewer per dataset, for the same bytes.
internal sealed class VersionList : IReadOnlyList<DatasetVersionRecord>
{
    private readonly BlockList<VersionEntry> _entries;

    /// <summary>Creates an empty list.</summary>
    public VersionList() => _entries = [];

    /// <summary>Creates an empty list with room for <paramref name="capacity"/> versions in its first block.</summary>
    public VersionList(int capacity) => _entries = new BlockList<VersionEntry>(capacity);

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public DatasetVersionRecord this[int index] => _entries[index].Version;

    /// <summary>Adds the version at the end.</summary>
    public void Add(DatasetVersionRecord version) => _entries.Add(VersionEntry.Of(version));

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
        var entry = _entries[from];
        _entries.RemoveAt(from);
        _entries.Insert(to, entry);
    }

    /// <summary>The index of <paramref name="version"/> found by a pass over the list, or -1.</summary>
    public int IndexOf(DatasetVersionRecord version)
    {
        var i = 0;
        foreach (var entry in _entries)
        {
            if (ReferenceEquals(entry.Version, version))
            {
                return i;
            }

            i++;
        }

        return -1;
    }

    /// <summary>Puts the versions in the order <paramref name="comparison"/> gives, their keys with them.</summary>
    public void Sort(Comparison<DatasetVersionRecord> comparison)
    {
        _entries.Sort((a, b) => comparison(a.Version, b.Version));

        // The keys again from their versions, whose first-seen times are what the comparison read.
        for (var i = 0; i < _entries.Count; i++)
        {
            ref var entry = ref _entries.ItemRef(i);
            entry.Key = VersionKey.Of(entry.Version);
        }
    }

    /// <summary>Gives the key of the version at <paramref name="index"/> its first-seen time again, after it changed.</summary>
    public void Refresh(int index)
    {
        ref var entry = ref _entries.ItemRef(index);
        entry.Key.FirstSeen = entry.Version.FirstSeen;
    }

    /// <summary>The version at <paramref name="index"/> with its key, whose run order may be filled in once worked out.</summary>
    public ref VersionEntry EntryAt(int index) => ref _entries.ItemRef(index);

    /// <summary>How many of the first <paramref name="count"/> versions come before the place <paramref name="probe"/> looks for (<see cref="BlockList{T}.CountBefore"/>).</summary>
    public int CountBefore<TProbe>(ref TProbe probe, int count)
        where TProbe : struct, IBlockProbe<VersionEntry> => _entries.CountBefore(ref probe, count);

    /// <summary>Enumerates the versions in order without allocating.</summary>
    public Enumerator GetEnumerator() => new(_entries.GetEnumerator());

    IEnumerator<DatasetVersionRecord> IEnumerable<DatasetVersionRecord>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The versions in order.</summary>
    public struct Enumerator(BlockList<VersionEntry>.Enumerator entries) : IEnumerator<DatasetVersionRecord>
    {
        private BlockList<VersionEntry>.Enumerator _entries = entries;

        /// <inheritdoc />
        public readonly DatasetVersionRecord Current => _entries.Current.Version;

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext() => _entries.MoveNext();

        /// <inheritdoc />
        public void Reset() => _entries.Reset();

        /// <inheritdoc />
        public readonly void Dispose()
        {
        }
    }
}

// A version and its place in its dataset's order, side by side.
internal struct VersionEntry
{
    public VersionKey Key;
    public DatasetVersionRecord Version;

    public static VersionEntry Of(DatasetVersionRecord version) => new() { Key = VersionKey.Of(version), Version = version };
}

// A version's place in its dataset's order: when it was first seen, then the first eight bytes of its run's id in
// their sort order (0 until worked out; see GraphViews.RunOrder).
internal struct VersionKey
{
    public long FirstSeen;
    public ulong RunOrder;

    public static VersionKey Of(DatasetVersionRecord version) => new() { FirstSeen = version.FirstSeen, RunOrder = version.RunOrder };
}
