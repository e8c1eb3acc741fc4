using Tributary.Storage.Parquet;

namespace Tributary.Storage.Lake;

public sealed partial class LineageMetadataRepository
{
    // Appends events to the lake in committed batches of EventsPerBatch: a file per event day for each batch, named
    // by the batch's first and last sequence, written a row group at a time as the events come, then the manifest.
    // Holding a whole batch (100,000 events, 460 MB of corpus-sized ones) until it was written put every event through
    // fresh memory and the collector's older generations; now at most a row group per day is held. A batch's files
    // are temporary until it is committed; what a crash leaves is removed by the next write (PrepareForWrite), as the
    // files of a batch the manifest does not cover are.
    private sealed class EventBatches(LineageMetadataRepository lake, LakeManifest manifest) : IDisposable
    {
        // What the day files may hold unwritten, together (a row group of 8,192 corpus-sized events is about 38 MB).
        private const long HeldBytesLimit = 64 << 20;
        private readonly Dictionary<long, DayFile> _days = [];
        private LakeManifest _manifest = manifest;
        private long _held;
        private long _first;
        private long _last;
        private int _count;

        public void Add(StoredEvent stored)
        {
            var day = stored.EventTime.UtcTicks / TimeSpan.TicksPerDay;
            if (!_days.TryGetValue(day, out var file))
            {
                _days.Add(day, file = new DayFile(lake, Path.Combine(lake.Root, LakeTables.Events, LakeTables.DateSegment(stored.EventTime))));
            }

            _held += stored.Raw.Length - file.Add(stored);
            if (_held > HeldBytesLimit)
            {
                // Events spread over many days (a backfill) would fill a row group per day before any is written:
                // past the bound, every day writes what it holds as a smaller row group.
                foreach (var each in _days.Values)
                {
                    each.Flush();
                }

                _held = 0;
            }

            _first = _count == 0 ? stored.Sequence : _first;
            _last = stored.Sequence;
            if (++_count == lake._options.EventsPerBatch)
            {
                Commit();
            }
        }

        // Commits what was added since the last commit (every day's file completed, fsynced and renamed to its name,
        // then the manifest); returns the manifest as it now stands.
        public LakeManifest Commit()
        {
            if (_count > 0)
            {
                var name = LakeTables.EventFileName(_first, _last);
                foreach (var file in _days.Values)
                {
                    file.Complete(name);
                }

                _days.Clear();
                _held = 0;
                _manifest = _manifest with { EventsThrough = _last };
                _manifest.Write(lake.Root);
                _count = 0;
            }

            return _manifest;
        }

        public void Dispose()
        {
            foreach (var file in _days.Values)
            {
                file.Dispose();
            }

            _days.Clear();
        }
    }

    // One event day's file of a batch: written under a temporary name, a row group at a time, renamed when complete.
    private sealed class DayFile : IDisposable
    {
        private readonly LineageMetadataRepository _lake;
        private readonly string _folder;
        private readonly AtomicFile.Pending _file;
        private readonly ParquetWriter _writer;
        private readonly List<StoredEvent> _pending = [];
        private long _pendingBytes;

        public DayFile(LineageMetadataRepository lake, string folder)
        {
            _lake = lake;
            _folder = folder;
            _file = new AtomicFile.Pending(folder, "events.parquet");
            _writer = new ParquetWriter(_file.Stream, LakeTables.EventSchema, lake.WriterOptions("events"), leaveOpen: true);
        }

        // Returns the bytes of the events written out by this call (a full row group), 0 when they are still held.
        public long Add(StoredEvent stored)
        {
            _pending.Add(stored);
            _pendingBytes += stored.Raw.Length;
            return _pending.Count == _lake._options.RowGroupSize ? Flush() : 0;
        }

        public void Complete(string name)
        {
            Flush();
            _writer.Complete();
            _file.Commit(Path.Combine(_folder, name));
        }

        public void Dispose()
        {
            _writer.Dispose();
            _file.Dispose();
        }

        // Writes the held events as a row group; returns their bytes.
        public long Flush()
        {
            var written = _pendingBytes;
            if (_pending.Count > 0)
            {
                _writer.WriteRowGroup(EventColumnsOf(_pending));
                _pending.Clear();
                _pendingBytes = 0;
            }

            return written;
        }
    }
}
