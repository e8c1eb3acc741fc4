using Tributary.Model;

namespace Tributary.Tracking;

/// <summary>
/// A problem the tracker met without throwing into the host: an event the transport could not deliver, or events
/// dropped because the queue was full. Passed to <see cref="TrackerOptions.OnFailure"/>.
/// </summary>
/// <param name="Message">What happened and what was lost, in words fit for a log line.</param>
/// <param name="Exception">The exception behind the failure, or null (for example when the queue overflowed).</param>
/// <param name="Event">The event that was lost, when one had been built; null for dropped queue entries.</param>
/// <param name="LostEvents">How many events this failure lost: 1 for a failed delivery, the count for an overflow.</param>
public sealed record TrackingFailure(string Message, Exception? Exception, LineageEvent? Event, long LostEvents)
{
    /// <summary>The message, followed by the exception's type and message when there is one.</summary>
    public override string ToString() =>
        Exception is null ? Message : $"{Message} ({Exception.GetType().Name}: {Exception.Message})";
}
