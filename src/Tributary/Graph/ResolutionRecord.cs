namespace Tributary.Graph;

// An incident resolved by hand: which one, when (event time, so replays agree), by whom and why.
internal sealed record ResolutionRecord(string Incident, Stamp At, string? By, string? Note);
