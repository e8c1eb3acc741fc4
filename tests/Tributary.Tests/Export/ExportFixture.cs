using Tributary.Export;
using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Tests.Export;

/// <summary>Shortcuts for the export tests: a visualizer over events at the fixed "now", and rendering to strings.</summary>
public static class ExportFixture
{
    /// <summary>The retail staging dataset's node.</summary>
    public static NodeId Staging(string? hostile = null) => NodeId.From(new DatasetId("warehouse", hostile ?? "staging.orders"));

    /// <summary>The retail raw orders dataset's node.</summary>
    public static NodeId RawOrders { get; } = NodeId.From(new DatasetId("postgres://db:5432", "public.orders_raw"));

    /// <summary>A visualizer over a graph built from the events, with the clock at <see cref="ExportEvents.Now"/>.</summary>
    public static LineageVisualizer Visualizer(IEnumerable<LineageEvent> events, ExportOptions? options = null) =>
        new(LineageGraph.From(events), options, new FixedTime(ExportEvents.Now));

    /// <summary>Runs a writer into a string.</summary>
    public static string Render(Action<TextWriter> write)
    {
        using var text = new StringWriter();
        write(text);
        return text.ToString();
    }
}
