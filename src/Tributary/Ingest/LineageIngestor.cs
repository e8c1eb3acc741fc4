using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Tributary.Json;
using Tributary.Model;
using Tributary.Storage;

namespace Tributary.Ingest;

/// <summary>
/// The single door every event comes through (SDK, file import, HTTP): parse, validate, normalise, deduplicate,
/// append durably, then tell the listeners. An event is identified by the SHA-256 of its normalised, re-serialised
/// JSON, so a resent event is a duplicate however it was formatted, while two events that differ in anything at all
/// (a facet, a timestamp) are both kept: dropping a real event would be worse than keeping a repeat. The digests
/// live in the store's records, so deduplication survives reopening.
/// </summary>
/// <example>
/// <code>
/// await using var store = FileLineageStore.Open(".tributary");
/// var ingestor = await LineageIngestor.OpenAsync(store);
/// using var _ = await ingestor.SubscribeAsync(e => graph.Apply(e.Event));
/// var summary = await ingestor.IngestManyAsync(File.ReadAllBytes("events.ndjson"));
/// </code>
/// </example>
public sealed partial class LineageIngestor
{
    /// <summary>The most events staged at once (read, validated and hashed on every core), whatever their bytes.</summary>
    internal const int Window = 4096;

    // A chunk also ends at this many bytes of events, so big events do not keep thousands of parsed documents alive
    // at once: five chunks in flight (one staged, CommitsInFlight committing) bound what a long input holds in memory,
    // and the parsed events die young.
    internal const int ChunkBytes = 2 << 20;

    // Chunks being appended or delivered while the next is staged. The listeners (a graph) apply one chunk at a time on
    // one core while staging takes every core, so each runs ahead of the other by turns; with two, staging waited for
    // deliveries 0.20-0.24 s of the 1.7-1.9 s that 100,000 realistic events took to read and apply in `tributary
    // ingest`, with four 0.10-0.12 s, and the command took 2.08 s instead of 2.20 s on average (eight interleaved pairs,
    // seven faster; small events 1.07 against 1.10 s, six of eight; 2026-12-07). Six waited 0.07 s, for no further gain.
    private const int CommitsInFlight = 4;

    private readonly LineageIngestorOptions _options;
    private readonly Dictionary<EventDigest, long> _digests; // 0 while the first copy is being written
    private readonly Dictionary<EventDigest, PreparedEvent> _writing = []; // with XXH3 digests: first copies being written
    private readonly Lock _digestLock = new();
    private bool _xxHash; // set once Ready: which digest this store's events get (see EventDigest)
    private readonly SemaphoreSlim _delivery = new(1, 1);
    private readonly Lock _listenerLock = new();
    private Subscription[] _listeners = [];
    private long _deliveryFailures;

    private readonly Lazy<Task> _loaded;

    private LineageIngestor(ILineageStore store, LineageIngestorOptions options, Dictionary<EventDigest, long> digests, Func<Task<bool>> load)
    {
        Store = store;
        _options = options;
        _digests = digests;
        _loaded = new Lazy<Task>(async () => _xxHash = await load().ConfigureAwait(false), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The store events are appended to.</summary>
    public ILineageStore Store { get; }

    /// <summary>How many deliveries failed (a listener threw, or a stored event no longer reads during replay).</summary>
    public long DeliveryFailures => Interlocked.Read(ref _deliveryFailures);

    /// <summary>
    /// Creates the ingestor over <paramref name="store"/>. The digests of what the store already holds are read in the
    /// background once <see cref="Ready"/> is first asked for (the first ingest does), so a server can load its graph
    /// and answer queries first.
    /// </summary>
    public static Task<LineageIngestor> OpenAsync(ILineageStore store, LineageIngestorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var through = store.Count;
        var digests = new Dictionary<EventDigest, long>((int)Math.Min(through, 1 << 24));

        // Returns whether new events get XXH3 digests: in a store that does not deduplicate by digest itself, unless its
        // first digest is a SHA-256 (a store a build before 2026-12-07 wrote keeps SHA-256, so what it holds stays found;
        // a SHA-256 appended later through the store's own AppendAsync(LineageEvent) does not turn a new store back).
        async Task<bool> Load()
        {
            await Task.Yield();
            bool? xxHash = null;
            await foreach (var stored in store.ReadDigestsAsync(1, through, cancellationToken).ConfigureAwait(false))
            {
                if (!stored.Digest.IsNone)
                {
                    digests.TryAdd(stored.Digest, stored.Sequence);
                    xxHash ??= stored.Digest.IsXxHash128;
                }
            }

            return !store.DeduplicatesByDigest && (xxHash ?? true);
        }

        return Task.FromResult(new LineageIngestor(store, options ?? LineageIngestorOptions.Default, digests, () => Task.Run(Load, cancellationToken)));
    }

    /// <summary>
    /// Completes once the digests of the events stored before opening are known (every ingest waits for this); the
    /// first call starts reading them in the background.
    /// </summary>
    public Task Ready => _loaded.Value;

    /// <summary>
    /// Ingests one event given as UTF-8 JSON, kept exactly as given (less a leading byte order mark). Only standard
    /// JSON is accepted (<see cref="LineageReadOptions.Strict"/>). The event goes on pointing into
    /// <paramref name="utf8Json"/> after this returns (the parsed event and the bytes listeners are handed are not
    /// copies), so do not change those bytes afterwards, as with <c>JsonDocument.Parse(ReadOnlyMemory&lt;byte&gt;)</c>.
    /// </summary>
    public async ValueTask<IngestResult> IngestAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await Ready.ConfigureAwait(false);
        // A byte order mark is no part of the event (Windows tools write one): it is dropped, so what is stored is standard JSON.
        if (utf8Json.Span.StartsWith(StandardJson.ByteOrderMark))
        {
            utf8Json = utf8Json[StandardJson.ByteOrderMark.Length..];
        }

        if (!EventSplitter.TryReadSingle(utf8Json, LineageReadOptions.Strict, out var read, kept: true))
        {
            // Not one readable event: find out what it is, to say so.
            var results = LineageJson.ReadMany(utf8Json, LineageReadOptions.Strict).Take(2).ToList();
            if (results.Count != 1)
            {
                var error = results.Count == 0 ? "no event: the content is empty" : "more than one event; ingest them as a batch";
                return new IngestResult(IngestOutcome.Rejected, 0, 1, utf8Json) { Errors = [new LineageError("$", error)] };
            }

            read = results[0];
        }

        if (read.Event is null)
        {
            return Rejected(read);
        }

        var prepared = await PrepareAsync(read.Event, utf8Json, null, read.Warnings, 0, 1).ConfigureAwait(false);
        return prepared.Final ?? (await CommitAsync([prepared.Event!], results: true).ConfigureAwait(false)).Results![0];
    }

    /// <summary>Ingests an event built in code (the SDK's in-process path); what is stored is its JSON as Tributary writes it.</summary>
    public async ValueTask<IngestResult> IngestAsync(LineageEvent lineageEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lineageEvent);
        cancellationToken.ThrowIfCancellationRequested();
        await Ready.ConfigureAwait(false);
        var raw = LineageJson.SerializeToUtf8Bytes(lineageEvent);
        if (raw.AsSpan().IndexOf("\\uFFFD"u8) >= 0 || raw.AsSpan().IndexOf("\uFFFD"u8) >= 0)
        {
            // Writing replaced text that is no text (a lone surrogate in a name) with U+FFFD; the graph gets what is
            // stored, so that it is the same live and after a restart.
            lineageEvent = LineageJson.Deserialize(raw);
        }

        var prepared = await PrepareAsync(lineageEvent, raw, raw, [], 0, 1).ConfigureAwait(false);
        return prepared.Final ?? (await CommitAsync([prepared.Event!], results: true).ConfigureAwait(false)).Results![0];
    }

    /// <summary>
    /// Ingests every event of a file or request body (one JSON object, a JSON array or NDJSON; standard JSON only). Bad events are
    /// rejected with their positions and reasons; the rest go in, in order. <paramref name="onResult"/> sees each
    /// outcome as it is settled (for a progress bar). Cancelling stops before the next event, not in the middle of one.
    /// The events go on pointing into <paramref name="content"/> after this returns (they are not copied out of it), so
    /// do not change those bytes afterwards.
    /// </summary>
    public Task<IngestSummary> IngestManyAsync(ReadOnlyMemory<byte> content, Action<IngestResult>? onResult = null, CancellationToken cancellationToken = default) =>
        // A request-sized array (a batch) is read in the pass that splits it, on the request's thread: concurrent
        // requests keep the cores busy, and each event is tokenised once instead of twice. A bigger one (a file, an
        // SDK's long list) is split first and read on every core.
        IngestSlicesAsync(EventSplitter.Slices(content, standardJson: true, kept: true, readArrayItems: content.Length <= ChunkBytes).ToAsyncEnumerable(), onResult, cancellationToken);

    /// <summary>
    /// Ingests every event of a stream as <see cref="IngestManyAsync(ReadOnlyMemory{byte}, Action{IngestResult}?, CancellationToken)"/>
    /// does, reading it as it goes: NDJSON and JSON arrays are never held whole, so a file of any length takes a bounded
    /// amount of memory (the events not yet settled, at most five chunks of 4,096 events or 2 MB, and the 80 KB blocks
    /// they were read from). An event longer than <see cref="LineageIngestorOptions.MaxEventBytes"/> is rejected without
    /// being held.
    /// </summary>
    public Task<IngestSummary> IngestManyAsync(Stream content, Action<IngestResult>? onResult = null, CancellationToken cancellationToken = default) =>
        IngestManyAsync(content, onResult, turn: null, cancellationToken);

    /// <summary>
    /// Ingests a stream as <see cref="IngestManyAsync(Stream, Action{IngestResult}?, CancellationToken)"/> does, in
    /// <paramref name="turn"/>: its events are read and staged at once, and checked for duplicates and appended after
    /// those of the input before it. <c>tributary ingest</c> takes small files together this way.
    /// </summary>
    internal async Task<IngestSummary> IngestManyAsync(Stream content, Action<IngestResult>? onResult, IngestTurn? turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            return await IngestSlicesAsync(EventStreamSplitter.SlicesAsync(content, standardJson: true, _options.MaxEventBytes, cancellationToken), onResult, cancellationToken, turn).ConfigureAwait(false);
        }
        finally
        {
            // Stopped before handing everything over (a failure, Ctrl+C): the inputs after it go on all the same.
            turn?.Pass();
        }
    }

    private async Task<IngestSummary> IngestSlicesAsync(IAsyncEnumerable<EventSlice> slices, Action<IngestResult>? onResult, CancellationToken cancellationToken, IngestTurn? turn = null)
    {
        await Ready.ConfigureAwait(false);
        var accepted = 0;
        var duplicates = 0;
        var rejected = new List<IngestResult>();
        var warned = 0;
        var warnedEvents = new List<WarnedEvent>();

        // An event taken with warnings is counted, and the first few kept with their positions (see IngestSummary).
        void NoteWarnings(IReadOnlyList<LineageError> warnings, int index, int line)
        {
            if (warnings.Count > 0)
            {
                warned++;
                if (warnedEvents.Count < IngestSummary.WarnedKept)
                {
                    warnedEvents.Add(new WarnedEvent(index, line, warnings));
                }
            }
        }

        void Settle(IngestResult result)
        {
            switch (result.Outcome)
            {
                case IngestOutcome.Accepted: accepted++; break;
                case IngestOutcome.Duplicate: duplicates++; break;
                default: rejected.Add(result); break;
            }

            onResult?.Invoke(result);
        }

        // Reading, validating, normalising and hashing are independent per event, so a chunk of events is staged on
        // every core while the chunks before it are committed: the oldest applied to the listeners while newer ones are
        // written and fsynced, so neither the disk's wait nor the single-threaded delivery holds up the staging.
        // Deduplication and appends go in file order, and so do deliveries. At most five chunks are in flight (one
        // staged, CommitsInFlight committing), which bounds the memory a long input takes.
        // Grown as the input needs, from room for 128 slices (8 KB, so a request's batch of 100 events fits without the
        // five regrowths an empty list makes): one made for 4,096 would be a large-object allocation per request that
        // only a full collection takes back.
        var chunk = new List<EventSlice>(128);
        var staged = Array.Empty<(IngestResult? Final, PreparedEvent? Event)>();
        var commits = new Queue<Task<Committed>>(); // oldest first

        // Completes once the last chunk handed over has delivered (or failed): the next waits for it. Not that chunk's
        // own task: each commit waiting on the task of the one before chained them, and with deliveries slower than the
        // door a heap dump found eleven settled commits, every event of theirs, reachable from the one delivering.
        Task? delivered = null;
        var chunkBytes = 0;

        async Task SettleAsync(Task<Committed> commit)
        {
            var committed = await commit.ConfigureAwait(false);
            if (committed.Results is null)
            {
                accepted += committed.Accepted;
                return;
            }

            foreach (var result in committed.Results)
            {
                Settle(result);
            }
        }

        async Task CommitChunkAsync()
        {
            if (staged.Length < chunk.Count)
            {
                staged = new (IngestResult? Final, PreparedEvent? Event)[chunk.Count];
            }

            Parallel.For(0, chunk.Count, i => staged[i] = Stage(chunk[i]));
            if (turn is not null)
            {
                // Staged while the input before was still going; reserved and appended only after it.
                await turn.Before.ConfigureAwait(false);
            }

            await ReserveAllAsync(staged, chunk.Count).ConfigureAwait(false);
            var window = new List<PreparedEvent>(chunk.Count);
            for (var i = 0; i < chunk.Count; i++)
            {
                var (final, prepared) = staged[i];
                staged[i] = default;
                if (final is not null)
                {
                    if (final.Outcome == IngestOutcome.Duplicate)
                    {
                        NoteWarnings(final.Warnings, final.Index, final.Line);
                    }

                    Settle(final);
                }
                else
                {
                    NoteWarnings(prepared!.Warnings, prepared.Index, prepared.Line);
                    window.Add(prepared);
                }
            }

            chunk.Clear();
            while (commits.Count >= CommitsInFlight)
            {
                var oldest = commits.Dequeue();
                try
                {
                    await SettleAsync(oldest).ConfigureAwait(false);
                }
                catch
                {
                    // This chunk's digests were reserved for appends that will now never be made.
                    Release(window);
                    throw;
                }
            }

            if (window.Count > 0)
            {
                var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                commits.Enqueue(CommitAsync(window, results: onResult is not null, deliverAfter: delivered, turn));
                delivered = turn.Task;
            }
        }

        try
        {
            await foreach (var slice in slices.ConfigureAwait(false))
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                chunk.Add(slice);
                chunkBytes += slice.Raw.Length;
                if (chunk.Count == Window || chunkBytes >= ChunkBytes)
                {
                    await CommitChunkAsync().ConfigureAwait(false);
                    chunkBytes = 0;
                }
            }

            if (!cancellationToken.IsCancellationRequested)
            {
                await CommitChunkAsync().ConfigureAwait(false);
            }

            // Every event is handed over; the next input may append while these become durable.
            turn?.Pass();
        }
        finally
        {
            // Whatever happened, the appends already handed over finish and are counted before this returns; the first
            // failure among them is the one thrown.
            ExceptionDispatchInfo? failure = null;
            while (commits.TryDequeue(out var commit))
            {
                try
                {
                    await SettleAsync(commit).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    failure ??= ExceptionDispatchInfo.Capture(ex);
                }
            }

            failure?.Throw();
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new IngestSummary { Accepted = accepted, Duplicates = duplicates, Rejected = rejected, Warned = warned, WarnedEvents = warnedEvents };
    }

    // Gives back digests reserved for events that will not be appended, so a later copy is stored, not called a duplicate.
    private void Release(List<PreparedEvent> reserved)
    {
        lock (_digestLock)
        {
            foreach (var e in reserved)
            {
                if (!e.Collides)
                {
                    _digests.Remove(e.Digest);
                    _writing.Remove(e.Digest);
                }
            }
        }
    }

    private static IngestResult Rejected(LineageReadResult read) =>
        new(IngestOutcome.Rejected, read.Index, read.Line, read.Raw) { Errors = read.Errors, Warnings = read.Warnings };

    private (IngestResult? Final, PreparedEvent? Event) Stage(EventSlice slice)
    {
        var itemPath = slice.Path;
        if (EventSplitter.TryTakeRead(slice, LineageReadOptions.Strict, out var e, out var warnings))
        {
            return Stage(e, slice.Raw, null, warnings, slice.Index, slice.Line, itemPath);
        }

        var read = EventSplitter.Read(slice, LineageReadOptions.Strict);
        return read.Event is null ? (Rejected(read), null) : Stage(read.Event, read.Raw, null, read.Warnings, read.Index, read.Line, itemPath);
    }

    // Validates, normalises and reserves the digest: either a final outcome (rejected, duplicate) or an event to append.
    private async ValueTask<(IngestResult? Final, PreparedEvent? Event)> PrepareAsync(
        LineageEvent e, ReadOnlyMemory<byte> raw, byte[]? rawIsCanonical, IReadOnlyList<LineageError> warnings, int index, int line)
    {
        (IngestResult? Final, PreparedEvent? Event)[] staged = [Stage(e, raw, rawIsCanonical, warnings, index, line)];
        await ReserveAllAsync(staged, 1).ConfigureAwait(false);
        return staged[0];
    }

    // Everything that needs no shared state: validation, normalisation and the digest of the canonical form.
    private (IngestResult? Final, PreparedEvent? Event) Stage(
        LineageEvent e, ReadOnlyMemory<byte> raw, byte[]? rawIsCanonical, IReadOnlyList<LineageError> warnings, int index, int line, ItemPath itemPath = default)
    {
        var errors = Refusals(e, raw.Length, warnings, _options, itemPath);
        if (errors.Count > 0)
        {
            return (new IngestResult(IngestOutcome.Rejected, index, line, raw) { Errors = errors, Warnings = warnings }, null);
        }

        var normalized = LineageNormalizer.Normalize(e);
        var canonical = rawIsCanonical is not null && ReferenceEquals(normalized, e) ? rawIsCanonical : LineageJson.SerializeToThreadBuffer(normalized);
        var digest = _xxHash ? EventDigest.ComputeXxHash128(canonical) : EventDigest.Compute(canonical);
        return (null, new PreparedEvent(normalized, raw, digest, warnings, index, line));
    }

    /// <summary>
    /// Why the door refuses an event it has read (<paramref name="length"/> bytes, read with
    /// <paramref name="warnings"/>), or nothing when it takes it: its size, its warnings when they count as errors, and
    /// the checks no reader makes (blank names, control characters). Paths start at <paramref name="itemPath"/> (the
    /// event itself by default; for an item of a JSON array, <see cref="EventSlice.Path"/>), as the reader's own do
    /// (<c>$.job.name</c>, <c>$[2].job.name</c>, <c>$.events[2].job.name</c>).
    /// <c>tributary validate</c> asks the same, so a file that validates is a file that ingests.
    /// </summary>
    internal static IReadOnlyList<LineageError> Refusals(LineageEvent e, int length, IReadOnlyList<LineageError> warnings, LineageIngestorOptions options, ItemPath itemPath = default)
    {
        if (options.TreatWarningsAsErrors && warnings.Count > 0 && length <= options.MaxEventBytes)
        {
            return warnings; // as the reader gave them, from the array's root already
        }

        IReadOnlyList<LineageError> errors = length > options.MaxEventBytes
            ? [new LineageError("$", $"the event is {length} bytes; at most {options.MaxEventBytes} are accepted")]
            : LineageValidator.Validate(e);
        return EventSplitter.Prefix(errors, itemPath);
    }

    // The same event twice changes nothing: the first copy reserves its digest, later copies are duplicates.
    private (IngestResult? Final, PreparedEvent? Event) Reserve(PreparedEvent prepared)
    {
        lock (_digestLock)
        {
            // One lookup: a digest seen before is a duplicate, a new one is reserved (0) in the slot it found.
            ref var original = ref CollectionsMarshal.GetValueRefOrAddDefault(_digests, prepared.Digest, out var seen);
            if (seen)
            {
                return (new IngestResult(IngestOutcome.Duplicate, prepared.Index, prepared.Line, prepared.Raw)
                {
                    Sequence = original, Event = prepared.Event, Warnings = prepared.Warnings,
                }, null);
            }

            if (_xxHash)
            {
                _writing[prepared.Digest] = prepared;
            }
        }

        return (null, prepared);
    }
}
