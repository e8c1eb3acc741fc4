using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tributary.Ingest;
using Tributary.Server.Hosting;
using Tributary.Server.Tests.Support;
using Tributary.Storage;

namespace Tributary.Server.Tests;

/// <summary>
/// How the server opens: Kestrel listens while the lineage service opens its store and loads its graph, so requests
/// wait on <see cref="LineageService.Opened"/>; the checkpoint may be read ahead by a <see cref="CheckpointPreload"/>.
/// </summary>
public sealed class OpeningTests : IDisposable
{
    private readonly TempDirectory _store = new();

    public void Dispose() => _store.Dispose();

    private LineageService Service(CheckpointPreload? preload = null)
    {
        var options = Options.Create(new ServerOptions { Store = _store.Path, CompactEveryEvents = 0, CompactEveryMinutes = 0 });
        return new LineageService(options, NullLogger<LineageService>.Instance, new EventStream(options), preload);
    }

    private async Task FillAsync(int runs)
    {
        await using var store = EmbeddedLineageStore.Open(_store.Path);
        var ingestor = await LineageIngestor.OpenAsync(store);
        for (var i = 0; i < runs; i++)
        {
            var json = Events.Run($"job{i}", [$"in{i}"], [$"out{i}"]).ToJsonString();
            Assert.Equal(IngestOutcome.Accepted, (await ingestor.IngestAsync(System.Text.Encoding.UTF8.GetBytes(json))).Outcome);
        }

        using var replica = await LineageReplica.OpenAsync(store, LineageReplicaOptions.ForStore(_store.Path));
        Assert.True(await replica.TryWriteCheckpointAsync());
    }

    [Fact]
    public async Task A_service_nobody_started_lets_requests_through_at_once()
    {
        await using var service = Service();

        Assert.True(service.Opened.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Requests_wait_from_the_moment_the_host_starts_until_the_graph_is_loaded()
    {
        await FillAsync(3);
        await using var service = Service();

        await service.StartingAsync(CancellationToken.None);
        var opened = service.Opened;
        Assert.False(opened.IsCompleted, "between the host's Starting phase and the end of StartAsync, requests wait");

        await service.StartAsync(CancellationToken.None);

        Assert.True(opened.IsCompletedSuccessfully);
        Assert.Equal(6, service.Graph.DatasetCount);
        Assert.Equal(3, service.AppliedThrough);
    }

    [Fact]
    public async Task A_store_that_cannot_open_fails_the_start_and_the_waiting_requests_with_the_same_error()
    {
        await FillAsync(1);
        await using var holder = EmbeddedLineageStore.Open(_store.Path);
        await using var service = Service();

        await service.StartingAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<StoreLockedException>(() => service.StartAsync(CancellationToken.None));

        var waited = await Assert.ThrowsAsync<StoreLockedException>(() => service.Opened);
        Assert.Same(error, waited);
    }

    [Fact]
    public async Task A_preloaded_checkpoint_gives_the_graph_a_full_replay_gives()
    {
        await FillAsync(5);
        await using var replayed = Service();
        File.Delete(Path.Combine(_store.Path, LineageReplicaOptions.CheckpointFileName));
        await replayed.StartAsync(CancellationToken.None);
        var expected = (replayed.Graph.DatasetCount, replayed.Graph.JobCount, replayed.Graph.EdgeCount);
        await replayed.StopAsync(CancellationToken.None);

        var checkpoint = Path.Combine(_store.Path, LineageReplicaOptions.CheckpointFileName);
        Assert.True(File.Exists(checkpoint), "a clean stop leaves a checkpoint");
        await using var preloaded = Service(CheckpointPreload.Start(checkpoint));
        await preloaded.StartAsync(CancellationToken.None);

        Assert.Equal(expected, (preloaded.Graph.DatasetCount, preloaded.Graph.JobCount, preloaded.Graph.EdgeCount));
    }

    [Fact]
    public async Task A_builder_starts_reading_the_checkpoint_its_store_names_and_the_service_takes_that_read()
    {
        await FillAsync(5);
        await using (var first = Service())
        {
            await first.StartAsync(CancellationToken.None);
            await first.StopAsync(CancellationToken.None);
        }

        var builder = LineageServer.CreateBuilder([$"--Tributary:Store={_store.Path}"]);
        var registered = Assert.IsType<CheckpointPreload>(builder.Services.Single(s => s.ServiceType == typeof(CheckpointPreload)).ImplementationInstance);

        Assert.Equal(Path.GetFullPath(Path.Combine(_store.Path, LineageReplicaOptions.CheckpointFileName)), registered.Path);
        await using var preloaded = Service(registered);
        await preloaded.StartAsync(CancellationToken.None);
        Assert.True(preloaded.Graph.JobCount > 0, "the graph came from the preloaded checkpoint");
    }

    [Fact]
    public void The_start_up_warm_up_answers_the_lineage_query_of_its_own_small_graph()
    {
        Assert.Equal(200, QueryWarmup.Run());
    }
}
