namespace Tributary.Export;

/// <summary>How many of something a summary report counted, for example runs in state FAIL.</summary>
/// <param name="Key">What was counted.</param>
/// <param name="Count">How many.</param>
public sealed record SummaryCount(string Key, int Count);
