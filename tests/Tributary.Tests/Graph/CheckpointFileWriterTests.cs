using Tributary.Graph;
using Tributary.Json;
using Tributary.Tests.Storage;

namespace Tributary.Tests.Graph;

/// <summary>
/// A checkpoint file written while its graph is serialised, piece by piece as each is final, holds exactly the bytes of
/// one serialised first and written afterwards, and loads back to the same graph.
/// </summary>
public sealed class CheckpointFileWriterTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_checkpoint_written_while_the_graph_is_serialised_has_the_bytes_of_one_written_afterwards()
    {
        // Enough runs for a body of several segments, so pieces reach the file before the graph is fully serialised.
        using var graph = LineageGraph.From(Enumerable.Range(0, 20_000).Select(i => LineageJson.Deserialize(StoreEvents.Small(i))!));
        byte[] mark = [1, 2, 3];
        using var afterwards = new MemoryStream();
        graph.WriteCheckpoint(afterwards, mark);
        var path = _folder.Combine("graph.checkpoint");

        using (var file = new CheckpointFileWriter(path))
        using (var snapshot = graph.SnapshotCheckpoint(mark, file))
        {
            file.Complete(snapshot);
        }

        var written = File.ReadAllBytes(path);
        Assert.True(written.Length > 3 * SegmentedBuffer.SegmentSize, $"only {written.Length} bytes");
        Assert.Equal(afterwards.ToArray(), written);
        using var loaded = new LineageGraph();
        var (through, loadedMark) = loaded.LoadCheckpointFile(path);
        Assert.Equal(graph.AppliedThrough, through);
        Assert.Equal(mark, loadedMark);
        Assert.Equal((20_000, 20_000, graph.DatasetCount), (loaded.JobCount, loaded.RunCount, loaded.DatasetCount));
    }

    [Fact]
    public void A_checkpoint_file_abandoned_before_it_is_complete_is_not_a_checkpoint()
    {
        using var graph = LineageGraph.From(Enumerable.Range(0, 5_000).Select(i => LineageJson.Deserialize(StoreEvents.Small(i))!));
        var path = _folder.Combine("graph.checkpoint");

        using (var file = new CheckpointFileWriter(path))
        using (graph.SnapshotCheckpoint([], file))
        {
            // Disposed without Complete (the snapshot first, which stops the file's thread before freeing what it reads):
            // no trailer is written, so the file never passes for a whole checkpoint.
        }

        using var loaded = new LineageGraph();
        var error = Assert.Throws<InvalidDataException>(() => loaded.LoadCheckpointFile(path));
        Assert.Contains("checkpoint", error.Message, StringComparison.Ordinal);
    }
}
