using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Tributary.Tracking;

/// <summary>
/// The tracker's background queue (after Serilog's BatchingSink): callers enqueue small <see cref="PendingEvent"/>s
/// without waiting; one consumer builds the events and sends them through the transport in order, and reports
/// what it could not deliver.
/// </summary>
/// <remarks>
/// Overflow policy: the queue is bounded, and when it is full the new entry is dropped (drop-newest), counted, and
/// reported once through <see cref="TrackerOptions.OnFailure"/> with the number lost. Lineage is an observer: a
/// full queue means the transport is slow or down, and making the host wait on it (the "block" policy) would let a
/// lineage server outage stall the host's pipeline. Dropping the newest rather than the oldest keeps what is queued
/// intact and in order, so the report says exactly which events were lost: the ones produced while it was full.
/// </remarks>
internal sealed class BufferedTransport : IAsyncDisposable
{
    private readonly Channel<PendingEvent> _queue;
    private readonly ILineageTransport _transport;
    private readonly RunEventFactory _factory;
    private readonly Action<TrackingFailure> _onFailure;
    private readonly bool _keepFailures;
    private readonly ConcurrentQueue<TrackingFailure> _unobserved = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _shutdownTimeout;
    private readonly TimeProvider _timeProvider;
    private static readonly AsyncLocal<bool> _onConsumer = new();
    private readonly Task _consumer;
    private long _dropped;
    private long _droppedReported;
    private long _failed;
    private long _sent;
    private long _accepted;
    private long _handled;

    public BufferedTransport(ILineageTransport transport, RunEventFactory factory, TrackerOptions options, Action<TrackingFailure> onFailure)
    {
        _transport = transport;
        _factory = factory;
        _onFailure = onFailure;
        _keepFailures = options.ThrowOnFailure;
        _shutdownTimeout = options.ShutdownTimeout;
        _timeProvider = options.TimeProvider;
        Capacity = options.QueueCapacity;
        _queue = Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
        _consumer = Task.Run(ConsumeAsync);
    }

    public int Capacity { get; }

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Failed => Interlocked.Read(ref _failed);

    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Events queued and not yet handled (delivered, failed or lost); flush markers do not count.</summary>
    public long Pending => Interlocked.Read(ref _accepted) - Interlocked.Read(ref _handled);

    /// <summary>True on the consumer's own flow (the transport and what it calls), which must never wait for the queue.</summary>
    public static bool OnConsumer => _onConsumer.Value;

    /// <summary>Queues an entry without waiting; false when the queue is full or closed.</summary>
    public bool TryEnqueue(in PendingEvent pending)
    {
        // Counted before the write, so a reader that sees the event handled never sees Pending below zero.
        Interlocked.Increment(ref _accepted);
        if (_queue.Writer.TryWrite(pending))
        {
            return true;
        }

        Interlocked.Decrement(ref _accepted);
        return false;
    }

    /// <summary>Counts an entry the caller dropped; the consumer reports drops, coalesced, before its next entry.</summary>
    public void CountDrop()
    {
        Interlocked.Increment(ref _dropped);
        Diagnostics.LineageTelemetry.EventsDropped.Add(1);
    }

    /// <summary>Queues an entry, waiting for room; audit mode's asynchronous calls use this instead of dropping.</summary>
    public async ValueTask EnqueueAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _accepted);
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            Interlocked.Decrement(ref _accepted);
            throw;
        }
    }

    /// <summary>Completes once everything queued before the call has been handled.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(PendingEvent.FlushMarker(reached), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // Disposal already drains the queue; there is nothing left to wait for here.
            return;
        }

        await reached.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Failures not yet thrown to the host in audit mode, oldest first; taking them clears the list.</summary>
    public List<TrackingFailure> TakeUnobservedFailures()
    {
        var failures = new List<TrackingFailure>();
        while (_unobserved.TryDequeue(out var failure))
        {
            failures.Add(failure);
        }

        return failures;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _consumer.WaitAsync(_shutdownTimeout, _timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await _consumer.ConfigureAwait(false);
        }

        _stopping.Dispose();
        switch (_transport)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    private async Task ConsumeAsync()
    {
        _onConsumer.Value = true;
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var pending))
                {
                    ReportDrops();
                    await HandleAsync(pending).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutdown timed out: what is still queued is reported as lost below.
        }

        long lost = 0;
        while (reader.TryRead(out var pending))
        {
            if (pending.IsFlushMarker)
            {
                pending.Signal!.TrySetResult();
                continue;
            }

            lost++;
            Interlocked.Increment(ref _handled);
            pending.Signal?.TrySetException(new LineageTrackingException([new TrackingFailure("The tracker shut down before the event was sent.", null, null, 1)]));
        }

        ReportDrops();
        if (lost > 0)
        {
            Interlocked.Add(ref _failed, lost);
            Report(new TrackingFailure($"{lost} queued lineage events were not sent: the tracker's shutdown timeout ({_shutdownTimeout}) ran out.", null, null, lost), observed: false);
        }
    }

    private async Task HandleAsync(PendingEvent pending)
    {
        if (pending.IsFlushMarker)
        {
            pending.Signal!.TrySetResult();
            return;
        }

        Model.LineageEvent? built = null;
        try
        {
            built = _factory.Build(pending);
            await _transport.SendAsync(built, _stopping.Token).ConfigureAwait(false);
            Interlocked.Increment(ref _sent);
            Diagnostics.LineageTelemetry.EventsEmitted.Add(1);
            pending.Signal?.TrySetResult();
        }
        catch (Exception exception)
        {
            Interlocked.Increment(ref _failed);
            Diagnostics.LineageTelemetry.EventsFailed.Add(1);
            var failure = new TrackingFailure($"A lineage event could not be sent through {_transport.GetType().Name}.", exception, built, 1);
            Report(failure, observed: pending.Signal is not null);
            pending.Signal?.TrySetException(new LineageTrackingException([failure]));
        }
        finally
        {
            Interlocked.Increment(ref _handled);
        }
    }

    private void ReportDrops()
    {
        var dropped = Interlocked.Read(ref _dropped);
        var newlyDropped = dropped - _droppedReported;
        if (newlyDropped <= 0)
        {
            return;
        }

        _droppedReported = dropped;
        Report(new TrackingFailure($"{newlyDropped} lineage events were dropped because the tracker's queue was full ({Capacity} events); the transport is slower than the events produced.", null, null, newlyDropped), observed: false);
    }

    private void Report(TrackingFailure failure, bool observed)
    {
        if (_keepFailures && !observed)
        {
            _unobserved.Enqueue(failure);
        }

        try
        {
            _onFailure(failure);
        }
        catch (Exception)
        {
            // A failing failure handler must not stop the queue; there is nowhere left to report it.
        }
    }
}
