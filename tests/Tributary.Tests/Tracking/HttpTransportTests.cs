using System.Net;
using System.Net.Sockets;
using Tributary.Json;
using Tributary.Model;
using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

public sealed class HttpTransportTests
{
    private static readonly RunEvent Event = new()
    {
        EventTime = Trackers.Start,
        Producer = "test",
        EventType = RunState.Complete,
        Run = new Run(RunId.New()),
        Job = new Job(Trackers.Job),
        Inputs = [new InputDataset(Trackers.Orders)],
    };

    [Fact]
    public async Task Posts_json_to_url_plus_the_openlineage_endpoint_with_a_bearer_token()
    {
        await using var server = new LineageHttpServer();
        using var transport = new HttpTransport(new HttpTransportOptions { Url = server.BaseUrl, ApiKey = "s3cret" });

        await transport.SendAsync(Event, CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/api/v1/lineage", "Bearer s3cret"), (request.Method, request.Path, request.Authorization));
        Assert.StartsWith("application/json", request.ContentType);
        Assert.Null(request.ContentEncoding);
        Assert.Equal(Event.Run.RunId, ((RunEvent)LineageJson.Deserialize(request.Body)).Run.RunId);
    }

    [Fact]
    public async Task A_base_path_and_a_custom_endpoint_are_joined_with_one_slash()
    {
        await using var server = new LineageHttpServer();
        using var transport = new HttpTransport(new HttpTransportOptions { Url = new Uri(server.BaseUrl, "collector/"), Endpoint = "events" });

        await transport.SendAsync(Event, CancellationToken.None);

        Assert.Equal("/collector/events", Assert.Single(server.Requests).Path);
        Assert.Null(server.Requests[0].Authorization);
    }

    [Fact]
    public async Task Gzip_compresses_the_body_and_says_so()
    {
        await using var server = new LineageHttpServer();
        using var transport = new HttpTransport(new HttpTransportOptions { Url = server.BaseUrl, Gzip = true });

        await transport.SendAsync(Event, CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("gzip", request.ContentEncoding);
        Assert.Equal([0x1f, 0x8b], request.RawBody[..2]);
        Assert.Equal(Event.Job.Id, ((RunEvent)LineageJson.Deserialize(request.Body)).Job.Id);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_the_event_is_accepted()
    {
        await using var server = new LineageHttpServer(503, 503, 201);
        using var transport = new HttpTransport(new HttpTransportOptions { Url = server.BaseUrl, MaxRetries = 3, InitialBackoff = TimeSpan.FromMilliseconds(1) });

        await transport.SendAsync(Event, CancellationToken.None);

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(server.Requests[0].Body, server.Requests[2].Body);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        await using var server = new LineageHttpServer(400, 201);
        using var transport = new HttpTransport(new HttpTransportOptions { Url = server.BaseUrl, MaxRetries = 3, InitialBackoff = TimeSpan.FromMilliseconds(1) });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => transport.SendAsync(Event, CancellationToken.None).AsTask());

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("scripted 400", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_number()
    {
        await using var server = new LineageHttpServer(500, 502, 503, 201);
        using var transport = new HttpTransport(new HttpTransportOptions { Url = server.BaseUrl, MaxRetries = 2, InitialBackoff = TimeSpan.FromMilliseconds(1) });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => transport.SendAsync(Event, CancellationToken.None).AsTask());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_times_out_and_the_attempt_is_retried()
    {
        await using var server = new LineageHttpServer(LineageHttpServer.Hang, LineageHttpServer.Hang);
        using var transport = new HttpTransport(new HttpTransportOptions { Url = server.BaseUrl, Timeout = TimeSpan.FromMilliseconds(200), MaxRetries = 1, InitialBackoff = TimeSpan.FromMilliseconds(1) });

        var error = await Assert.ThrowsAsync<TimeoutException>(() => transport.SendAsync(Event, CancellationToken.None).AsTask());

        await server.WaitForRequestsAsync(2);
        Assert.Contains("no answer within 0.2 s", error.Message);
    }

    [Fact]
    public async Task A_refused_connection_is_a_network_error()
    {
        using var transport = new HttpTransport(new HttpTransportOptions { Url = new Uri($"http://127.0.0.1:{ClosedPort()}/"), MaxRetries = 1, InitialBackoff = TimeSpan.FromMilliseconds(1) });

        await Assert.ThrowsAsync<HttpRequestException>(() => transport.SendAsync(Event, CancellationToken.None).AsTask());
    }

    [Fact]
    public void A_url_that_is_not_absolute_http_is_rejected_at_construction()
    {
        var error = Assert.Throws<ArgumentException>(() => new HttpTransport(new HttpTransportOptions { Url = new Uri("ftp://example.com/") }));

        Assert.Contains("not an absolute http(s) URL", error.Message);
    }

    [Fact]
    public async Task A_tracker_posts_its_run_events_to_the_server()
    {
        await using var server = new LineageHttpServer();
        await using (var tracker = LineageTracker.Create(new TrackerOptions { Transport = new HttpTransport(new HttpTransportOptions { Url = server.BaseUrl }) }))
        {
            using var run = tracker.StartRun(Trackers.Job, OperationType.Write, outputs: [Trackers.Report]);
            run.Complete();
        }

        // Delivery is at least once: an attempt whose answer did not come back (a network error; seen once under the full
        // suite's load) is sent again, the same event byte for byte, which the collector counts as a duplicate. So each event is there, in order, and any repeat is a resend of the one before
        // (a second event of its own would differ, in its time if nothing else).
        var bodies = server.Requests.Select(r => Convert.ToBase64String(r.Body)).ToList();
        var sent = bodies.Where((body, i) => i == 0 || body != bodies[i - 1]).ToList();
        var events = sent.Select(b => (RunEvent)LineageJson.Deserialize(Convert.FromBase64String(b))).ToList();
        Assert.Equal([RunState.Start, RunState.Complete], events.Select(e => e.EventType!.Value));
    }

    private static int ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
