using Tributary.Model;

namespace Tributary.Tests.Export;

/// <summary>A synthetic chain-and-fan lineage of many jobs and datasets, for checking that drawing stays bounded.</summary>
public static class LargeGraph
{
    /// <summary>Events for <paramref name="jobs"/> jobs, each reading one or two earlier datasets and writing its own: 2 × jobs nodes.</summary>
    public static IReadOnlyList<LineageEvent> Events(int jobs)
    {
        var events = new List<LineageEvent>(jobs);
        var start = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < jobs; i++)
        {
            var inputs = new List<InputDataset> { new(new DatasetId("lake", $"ds{i:D5}")) };
            if (i > 0)
            {
                inputs.Add(new InputDataset(new DatasetId("lake", $"ds{(i * 7919) % i:D5}")));
            }

            events.Add(new RunEvent
            {
                EventTime = start.AddSeconds(i),
                Producer = "https://github.com/tributary/tests",
                EventType = RunState.Complete,
                Run = new Run(new RunId(new Guid(i, 0, 0, new byte[8]))),
                Job = new Job("lake", $"job{i:D5}"),
                Inputs = inputs,
                Outputs = [new OutputDataset(new DatasetId("lake", $"ds{i + 1:D5}"))],
            });
        }

        return events;
    }
}
