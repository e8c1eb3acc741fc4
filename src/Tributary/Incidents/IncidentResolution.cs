namespace Tributary.Incidents;

/// <summary>How an incident was resolved.</summary>
/// <param name="At">When (the event time of the passing check, the completed run, the recovered version or the hand resolution).</param>
/// <param name="ByHand">True when someone resolved it (<c>tributary incident resolve</c> or the API), false when the data recovered.</param>
/// <param name="By">Who resolved it by hand, or null.</param>
/// <param name="Reason">Why it counts as resolved, for example <c>profit_non_negative passed in run …</c> or the hand note.</param>
public sealed record IncidentResolution(DateTimeOffset At, bool ByHand, string? By, string Reason);
