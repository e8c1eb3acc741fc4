using System.Runtime.CompilerServices;

namespace Tributary.Storage;

/// <summary>Exposes a store's synchronous reads as the asynchronous stream the interface promises.</summary>
internal static class StoreEnumeration
{
    public static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> events, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // File reads are synchronous (mostly from the page cache); yielding first keeps them off the caller's own stack.
        await Task.Yield();
        foreach (var e in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }
    }
}
