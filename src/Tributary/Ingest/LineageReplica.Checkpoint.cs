using Tributary.Storage;

namespace Tributary.Ingest;

public sealed partial class LineageReplica
{
    /// <summary>
    /// Writes the graph checkpoint now (atomically: a temporary file, fsync, rename), unless no checkpoint path is
    /// configured, events are applied out of order at this moment, or the file cannot be written (a read-only
    /// store); returns whether it was written. Failures are reported through the options' warning callback.
    /// Ingestion does not wait for the serialisation: while the graph is serialised as it stood, events are acknowledged
    /// as usual, held in memory (up to 64 MB of them; past that, read back from the store) and applied afterwards, while
    /// the serialised copy is written to disk (past the page cache where the system allows it); an event delivered
    /// while those are applied waits for them (producers then go at the graph's pace), and a read of the graph waits
    /// until they are applied, so it still sees every acknowledged event.
    /// </summary>
    public Task<bool> TryWriteCheckpointAsync(CancellationToken cancellationToken = default) =>
        TryWriteCheckpointAsync(onlyLongTail: false, cancellationToken);

    /// <summary>
    /// Writes the graph checkpoint as <see cref="TryWriteCheckpointAsync(CancellationToken)"/> does, unless the events
    /// applied since the checkpoint on disk are a short tail (<see cref="LineageReplicaOptions.ShortTail"/>), which the
    /// next opening replays; returns whether it was written. <c>tributary ingest</c> ends with this.
    /// </summary>
    public Task<bool> TryWriteCheckpointUnlessTailIsShortAsync(CancellationToken cancellationToken = default) =>
        TryWriteCheckpointAsync(onlyLongTail: true, cancellationToken);

    // True when the events applied after the checkpoint on disk are few, both in number and against what it covers.
    private bool TailIsShort
    {
        get
        {
            var covered = Volatile.Read(ref _checkpointedThrough);
            var tail = Volatile.Read(ref _appliedThrough) - covered;
            return covered > 0 && tail < _options.ShortTail && tail * ShortTailFraction < covered;
        }
    }

    // A tail is short when under a fiftieth of the events the checkpoint covers (and under ShortTail events).
    private const long ShortTailFraction = 50;

    private async Task<bool> TryWriteCheckpointAsync(bool onlyLongTail, CancellationToken cancellationToken)
    {
        if (_options.CheckpointPath is not { } path)
        {
            return false;
        }

        await _checkpointing.WaitAsync(cancellationToken).ConfigureAwait(false);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var resuming = Task.CompletedTask;
        try
        {
            long through;
            byte[]? knownMark;
            lock (_applyLock)
            {
                // A checkpoint covers exactly the events 1..through; events applied ahead of a gap would be replayed
                // twice. And none is written while the last one's events are still being read back (a store away).
                if (_ahead.Count > 0 || _behind)
                {
                    return false;
                }

                if (onlyLongTail && TailIsShort)
                {
                    return false;
                }

                through = _appliedThrough;
                knownMark = _appliedThroughDigestAt == through && !_appliedThroughDigest.IsNone ? _appliedThroughDigest.ToBytes() : null;
                _sinceCheckpoint = 0;
                if (through == Volatile.Read(ref _checkpointedThrough) && File.Exists(path))
                {
                    // The file on disk already covers exactly these events (nothing was applied since it was loaded or
                    // written): writing it again would only decode every record to produce the same bytes.
                    return true;
                }

                // From here no event is applied until the graph is serialised: it stays at `through` without the apply
                // lock being held, so deliveries return at once (see Apply) instead of waiting for the whole graph.
                _current = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _behind = true;
                _frozen = true;
            }

            Graph.CheckpointSnapshot snapshot;
            Graph.CheckpointFileWriter? file = null;
            try
            {
                var mark = knownMark ?? await MarkOfAsync(Store, through, cancellationToken).ConfigureAwait(false);
                s_ownWork.Value = true;
                OnWritingCheckpoint?.Invoke();
                // The file is written while the graph is serialised (each piece of it as soon as it is final), on a
                // thread of its own, and completed once the graph applies events again.
                file = new Graph.CheckpointFileWriter(temporary);
                snapshot = Graph.SnapshotCheckpoint(mark, file);
            }
            catch
            {
                file?.Dispose();
                throw;
            }
            finally
            {
                // The graph is copied out: it applies what was held meanwhile while the copy goes to disk. Writing took
                // longer than serialising (3.1 of 4.9 s for a 332 MB checkpoint under load, through the page cache),
                // and every delivery past the held bound is read back from the store. Deliveries from here on wait
                // for that instead of being held (see Apply).
                lock (_applyLock)
                {
                    _frozen = false;
                }

                resuming = Task.Run(() => ResumeAsync(), CancellationToken.None);
            }

            // The snapshot owns the file now: disposing it stops the file's thread before freeing what that thread reads.
            using (snapshot)
            {
                OnWritingCheckpointFile?.Invoke();
                file.Complete(snapshot);
            }

            File.Move(temporary, path, overwrite: true);
            DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
            Volatile.Write(ref _checkpointedThrough, through);
            Interlocked.Increment(ref _checkpointsWritten);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            Warn($"could not write the graph checkpoint {path}: {ex.Message}");
            return false;
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
        finally
        {
            await resuming.ConfigureAwait(false);
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            lock (_applyLock)
            {
                _checkpointAsked = false;
                // A checkpoint serialises the whole graph, so on a large one it takes long (about half a second for 1.2
                // million events), and under sustained load a fixed count of events would ask for one back to back. A
                // twentieth of the time bounds what they take from the ingest. In `bench server` (2026-12-06) writing
                // none at all took batches from 64,302-69,858 to 73,362-73,530 events/s (two pairs); a twentieth instead
                // of a tenth wrote 1-2 instead of 2-3 in the 15 s batch phase, p99 per batch 126-135 ms against 137-179 ms
                // (five interleaved pairs), at a rate within the machine's spread. The price is the replay after a
                // crash, which covers up to 19T of events instead of 9T.
                _checkpointAllowedAt = now + (19 * (now - started));
            }

            _checkpointing.Release();
        }
    }

    // Called while the checkpoint is serialised (the graph frozen, deliveries returning at once): lets a test hold it there.
    internal Action? OnWritingCheckpoint { get; set; }

    // Called once the serialised checkpoint is about to go to disk (the graph applying again): lets a test hold it there.
    internal Action? OnWritingCheckpointFile { get; set; }

    // After a checkpoint: applies what was delivered while the graph was frozen (held in memory), and reads back from
    // the store only what was not held (past the bound), until nothing is left; then lets deliveries apply again and
    // reads go on. A store that cannot be read now (a database gone away) leaves reads free to see the graph as it
    // is, with a warning, and keeps trying in the background, where the checkpoint does not wait for it: the events
    // are durable, so they are applied once it answers.
    private async Task ResumeAsync(int failures = 0)
    {
        s_ownWork.Value = true;
        while (true)
        {
            try
            {
                // Every event acknowledged meanwhile was delivered, so it is held or was dropped; the ones still in
                // flight (stored, not yet delivered) are applied by their own delivery once the replica is current.
                ApplyHeld();
                bool dropped;
                lock (_applyLock)
                {
                    dropped = _heldDropped;
                    _heldDropped = false;
                }

                if (dropped)
                {
                    await CatchUpAsync(own: true, CancellationToken.None).ConfigureAwait(false);
                }

                lock (_applyLock)
                {
                    if (_held.Count == 0 && !_heldDropped)
                    {
                        _behind = false;
                        _current.TrySetResult();
                        return;
                    }
                }
            }
#pragma warning disable CA1031 // Anything the store throws is reported and retried: the replica must not stay behind for good.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                lock (_applyLock)
                {
                    // The events dropped are still to be read back at the next try.
                    _heldDropped = true;
                }

                if (failures++ == 0)
                {
                    Warn($"could not read back the events stored while the checkpoint was written ({ex.Message}); retrying, and reads see the graph without them meanwhile");
                    _current.TrySetResult();
                    _ = ResumeLaterAsync(failures);
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 50 << Math.Min(failures, 7)))).ConfigureAwait(false);
            }
        }
    }

    // Applies the deliveries held while behind, in the order they came.
    private void ApplyHeld()
    {
        IngestedEvent[] held;
        lock (_applyLock)
        {
            if (_held.Count == 0)
            {
                return;
            }

            held = [.. _held];
            _held.Clear();
            _heldBytes = 0;
        }

        foreach (var e in held)
        {
            Apply(e, own: true);
        }
    }

    private async Task ResumeLaterAsync(int failures)
    {
        await Task.Delay(50).ConfigureAwait(false);
        await ResumeAsync(failures).ConfigureAwait(false);
    }

    // Before every read of the graph: while a checkpoint has deliveries waiting to be applied, a read waits for them,
    // so it sees every acknowledged event. The replica's own work (writing the checkpoint, catching up) never waits.
    private void WaitUntilCurrent()
    {
        if (_behind && !s_ownWork.Value)
        {
            Volatile.Read(ref _current).Task.Wait();
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    // Replaces the graph grown by a long replay with the same graph read back from the checkpoint just written, whose
    // names and records lie together in memory (see RelayoutAfterReplayOf). The replayed graph is already right, so
    // a checkpoint that cannot be read back only costs the speed-up. Returns whether the graph was replaced.
    private bool Relayout()
    {
        try
        {
            var scratch = new Graph.LineageGraph();
            var (through, _) = scratch.LoadCheckpointFile(_options.CheckpointPath!);
            lock (_applyLock)
            {
                if (through != _appliedThrough || _ahead.Count > 0)
                {
                    return false;
                }

                Graph.AdoptFrom(scratch);
                return true;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Warn($"the graph checkpoint {_options.CheckpointPath} could not be read back after writing it ({ex.Message}); the replayed graph is kept");
            return false;
        }
    }

    // Loads the checkpoint when it is valid for this store; otherwise says why and leaves the graph empty.
    private async Task<(bool Used, long Through, string? Problem)> LoadCheckpointAsync(CancellationToken cancellationToken)
    {
        if (_options.CheckpointPath is not { } path)
        {
            return (false, 0, null);
        }

        RemoveAbandonedTemporaries(path);
        var missing = (false, 0L, Store.Count > 0 ? "no graph checkpoint yet" : null);
        var preload = _options.Preload is { } p && p.Path == Path.GetFullPath(path) && p.TryClaim() ? p : null;
        if (preload is null && !File.Exists(path))
        {
            return missing;
        }

        // The store's fingerprint of the checkpoint's last event is looked up on another core while the body loads
        // (by the preload when there is one): both read files, and the answer waits for the slower, not for their sum.
        var marking = preload?.MarkFor(Store)
            ?? (Tributary.Graph.LineageGraph.PeekCheckpointThrough(path) is > 0 and var ahead && ahead <= Store.Count
                ? Task.Run(() => TryMarkAsync(ahead, cancellationToken), cancellationToken)
                : null);
        string problem;
        try
        {
            Graph.LineageGraph scratch;
            long through;
            byte[] mark;
            if (preload is not null)
            {
                if (await preload.TakeAsync(cancellationToken).ConfigureAwait(false) is not { } loaded)
                {
                    return missing;
                }

                (scratch, through, mark) = loaded;
            }
            else
            {
                scratch = new Graph.LineageGraph();
                (through, mark) = scratch.LoadCheckpointFile(path);
            }

            if (through > Store.Count)
            {
                problem = $"it covers {through} events but the store holds {Store.Count}";
            }
            // The mark looked up ahead serves when it was for this sequence and succeeded; otherwise it is looked up
            // now, so a failure is reported as it would have been without the look-ahead.
            else if (!((marking is null ? null : await marking.ConfigureAwait(false)) is { } lookedUp && lookedUp.Through == through
                           ? lookedUp.Mark
                           : await MarkOfAsync(Store, through, cancellationToken).ConfigureAwait(false)).AsSpan().SequenceEqual(mark))
            {
                problem = $"event {through} of the store is not the one it was written after (another store's checkpoint)";
            }
            else
            {
                Graph.AdoptFrom(scratch);
                lock (_applyLock)
                {
                    _appliedThrough = through;
                }

                Volatile.Write(ref _checkpointedThrough, through);

                return (true, through, null);
            }
        }
        catch (InvalidDataException ex)
        {
            problem = ex.Message;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = "it could not be read: " + ex.Message;
        }

        problem = $"the graph checkpoint {path} was not used ({problem}); the graph is rebuilt from the events";
        Warn(problem);
        return (false, 0, problem);
    }

    // The mark with the sequence it is for, or null when it could not be read (the open then looks it up again, and
    // reports why).
    private async Task<(long Through, byte[] Mark)?> TryMarkAsync(long through, CancellationToken cancellationToken)
    {
        try
        {
            return (through, await MarkOfAsync(Store, through, cancellationToken).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // A look-ahead that fails is redone in the open's own path, which reports the failure.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    // A store's fingerprint of the event a checkpoint ends at: its digest, so a checkpoint meets only its own store.
    internal static async Task<byte[]> MarkOfAsync(ILineageStore store, long through, CancellationToken cancellationToken)
    {
        if (through <= 0)
        {
            return [];
        }

        await foreach (var stored in store.ReadAsync(through, through, cancellationToken).ConfigureAwait(false))
        {
            return stored.Digest.IsNone ? [] : stored.Digest.ToBytes();
        }

        // Retention removed that event from the lake: nothing left to compare with.
        return [];
    }

    private static void RemoveAbandonedTemporaries(string path)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            foreach (var file in Directory.EnumerateFiles(directory, Path.GetFileName(path) + ".*.tmp"))
            {
                // A writer killed mid-write leaves its temporary file; an hour-old one has no writer left.
                if (File.GetLastWriteTimeUtc(file) < DateTime.UtcNow.AddHours(-1))
                {
                    TryDelete(file);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Cleaning up is a courtesy; the checkpoint itself is unaffected.
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next cleanup.
        }
    }
}
