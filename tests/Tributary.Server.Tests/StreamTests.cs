using System.Net;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests;

public sealed class StreamTests : IDisposable
{
    private readonly ServerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_stream_delivers_each_accepted_event_as_a_server_sent_event()
    {
        var client = _factory.CreateClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync("/api/v1/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.StartsWith(": tributary", await reader.ReadLineAsync(timeout.Token), StringComparison.Ordinal);

        var posted = await client.PostAsync("/api/v1/lineage", Events.Content(Events.Run("streamed", ["in"], ["out"])), timeout.Token);
        var lines = new List<string>();
        while (!lines.Any(l => l.StartsWith("data: ", StringComparison.Ordinal)))
        {
            lines.Add(await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException());
        }

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Contains("id: 1", lines);
        Assert.Contains("event: lineage", lines);
        var data = lines.Single(l => l.StartsWith("data: ", StringComparison.Ordinal));
        Assert.Contains("\"job\":\"job:etl:streamed\"", data, StringComparison.Ordinal);
        Assert.Contains("\"outputs\":[\"dataset:warehouse:out\"]", data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejected_and_duplicate_events_are_not_streamed()
    {
        var client = _factory.CreateClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync("/api/v1/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        await reader.ReadLineAsync(timeout.Token);
        var e = Events.Run("once", ["in"], ["out"]);

        await client.PostAsync("/api/v1/lineage", Events.Content("{\"broken\": "), timeout.Token);
        await client.PostAsync("/api/v1/lineage", Events.Content(e), timeout.Token);
        await client.PostAsync("/api/v1/lineage", Events.Content(e), timeout.Token);
        await client.PostAsync("/api/v1/lineage", Events.Content(Events.Run("last", ["in"], ["out"])), timeout.Token);
        var ids = new List<string>();
        while (ids.Count < 2)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                ids.Add(line);
            }
        }

        Assert.Equal(["id: 1", "id: 2"], ids);
    }
}
