using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Tributary.Ingest;

namespace Tributary.Server.Hosting;

/// <summary>
/// Fans accepted events out to live listeners (the server-sent-events endpoint). Publishing never blocks ingest:
/// each listener has a bounded buffer, and a listener that falls behind loses its oldest events, not the server's time.
/// </summary>
public sealed class EventStream
{
    private readonly int _capacity;
    private readonly Lock _lock = new();
    private Channel<IngestedEvent>[] _listeners = [];
    private bool _completed;

    /// <summary>Creates the stream with the buffer size from the options.</summary>
    public EventStream(IOptions<ServerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _capacity = Math.Max(16, options.Value.StreamBuffer);
    }

    /// <summary>How many listeners are connected.</summary>
    public int ListenerCount => Volatile.Read(ref _listeners).Length;

    /// <summary>Hands an event to every listener without waiting.</summary>
    public void Publish(IngestedEvent ingested)
    {
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            listener.Writer.TryWrite(ingested);
        }
    }

    /// <summary>Adds a listener; its reader ends when the server stops. Dispose the returned handle to leave.</summary>
    public (ChannelReader<IngestedEvent> Reader, IDisposable Leave) Listen()
    {
        var channel = Channel.CreateBounded<IngestedEvent>(new BoundedChannelOptions(_capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = false,
        });
        lock (_lock)
        {
            if (_completed)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _listeners = [.. _listeners, channel];
            }
        }

        return (channel.Reader, new Leaver(this, channel));
    }

    /// <summary>Ends every listener's stream (at shutdown).</summary>
    public void Complete()
    {
        lock (_lock)
        {
            _completed = true;
            foreach (var listener in _listeners)
            {
                listener.Writer.TryComplete();
            }

            _listeners = [];
        }
    }

    private void Remove(Channel<IngestedEvent> channel)
    {
        lock (_lock)
        {
            _listeners = [.. _listeners.Where(c => !ReferenceEquals(c, channel))];
        }

        channel.Writer.TryComplete();
    }

    private sealed class Leaver(EventStream stream, Channel<IngestedEvent> channel) : IDisposable
    {
        public void Dispose() => stream.Remove(channel);
    }
}
