using Tributary.Model;

namespace Tributary.Tracking;

/// <summary>
/// Sends each event through several transports in turn, for example to a lineage server and to a local file. Every
/// transport is tried even when an earlier one fails; then the failures are thrown together.
/// </summary>
public sealed class CompositeTransport : ILineageTransport, IAsyncDisposable
{
    private readonly ILineageTransport[] _transports;

    /// <summary>Creates a transport that sends through each of <paramref name="transports"/>, in order.</summary>
    public CompositeTransport(IEnumerable<ILineageTransport> transports)
    {
        ArgumentNullException.ThrowIfNull(transports);
        _transports = [.. transports];
        if (_transports.Any(t => t is null))
        {
            throw new ArgumentException("A composite transport cannot contain null transports.", nameof(transports));
        }
    }

    /// <summary>The transports, in the order events go through them.</summary>
    public IReadOnlyList<ILineageTransport> Transports => _transports;

    /// <summary>Sends the event through every transport; throws an <see cref="AggregateException"/> of the failures if any failed.</summary>
    public async ValueTask SendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken)
    {
        List<Exception>? failures = null;
        foreach (var transport in _transports)
        {
            try
            {
                await transport.SendAsync(lineageEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                (failures ??= []).Add(exception);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException($"{failures.Count} of {_transports.Length} transports failed to send the event.", failures);
        }
    }

    /// <summary>Disposes every transport that is disposable.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var transport in _transports)
        {
            switch (transport)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }
}
