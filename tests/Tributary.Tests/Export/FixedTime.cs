namespace Tributary.Tests.Export;

/// <summary>A clock stopped at one moment, so reports that say "now" are reproducible.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => now;
}
