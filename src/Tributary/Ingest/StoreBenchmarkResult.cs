using System.Globalization;

namespace Tributary.Ingest;

/// <summary>One measured figure of <see cref="StoreBenchmark"/>.</summary>
/// <param name="Name">What was measured.</param>
/// <param name="Events">How many events it covered.</param>
/// <param name="Elapsed">How long it took.</param>
internal sealed record StoreBenchmarkResult(string Name, long Events, TimeSpan Elapsed)
{
    /// <summary>Events per second.</summary>
    public double EventsPerSecond => Events / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>One line, for comparing runs: name, events, seconds, events per second.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name}: {Events} events in {Elapsed.TotalSeconds:F2} s = {EventsPerSecond:F0} events/s");
}
