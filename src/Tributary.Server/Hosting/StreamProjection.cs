using Tributary.Ingest;

namespace Tributary.Server.Hosting;

/// <summary>The live stream as a projection: every event applied after the server started is published to it.</summary>
internal sealed class StreamProjection(EventStream stream) : ILineageProjection
{
    public void Apply(IngestedEvent ingested) => stream.Publish(ingested);
}
