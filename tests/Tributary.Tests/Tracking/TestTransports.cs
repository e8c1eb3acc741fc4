using Tributary.Model;
using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

/// <summary>Holds every send until the test opens the gate, and says when the first send has begun.</summary>
internal sealed class GatedTransport : ILineageTransport
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource FirstSendStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InMemoryTransport Delivered { get; } = new();

    public void Open() => _open.TrySetResult();

    public async ValueTask SendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken)
    {
        FirstSendStarted.TrySetResult();
        await _open.Task.WaitAsync(cancellationToken);
        await Delivered.SendAsync(lineageEvent, cancellationToken);
    }
}

/// <summary>Fails every send.</summary>
internal sealed class FailingTransport : ILineageTransport
{
    public int Attempts;

    public ValueTask SendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        throw new IOException("the lineage server is down");
    }
}

/// <summary>Never finishes a send unless cancelled.</summary>
internal sealed class HangingTransport : ILineageTransport
{
    public async ValueTask SendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken) =>
        await Task.Delay(Timeout.Infinite, cancellationToken);
}
