using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Tributary.Server.Load;

/// <summary>
/// Drives a running server over HTTP: <see cref="LoadTestOptions.Clients"/> concurrent clients post real events
/// (one per request, or batches) for a duration, and every event the server acknowledged is remembered by its run
/// id, so the store can afterwards be checked to hold exactly those.
/// </summary>
internal static class LoadTest
{
    public static async Task<LoadTestResult> RunAsync(Uri server, EventTemplates templates, LoadTestOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(templates.Count);
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Clients,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        using var http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        if (options.ApiKey is { } key)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        var acknowledged = new ConcurrentBag<Guid>();
        var latencies = new ConcurrentBag<double>();
        var failures = 0L;
        var stopAt = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.Duration);

        async Task Client(int client)
        {
            var index = client * 7919;
            var ids = new Guid[options.BatchSize];
            var batch = Array.Empty<byte>();
            var mine = new List<Guid>();
            var times = new List<double>();
            while (!stop.IsCancellationRequested)
            {
                for (var i = 0; i < ids.Length; i++)
                {
                    ids[i] = Guid.NewGuid();
                }

                // A batch is written into this client's one buffer: the request before it has been answered.
                var length = options.BatchSize == 1 ? 0 : templates.WriteBatch(index, ids, ref batch);
                using var content = options.BatchSize == 1 ? new ByteArrayContent(templates.Make(index, ids[0])) : new ByteArrayContent(batch, 0, length);
                index += ids.Length;
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                var started = Stopwatch.GetTimestamp();
                try
                {
                    // Not the stop token: a request that was sent is always seen through, so its outcome is known.
                    using var response = await http.PostAsync(options.BatchSize == 1 ? "api/v1/lineage" : "api/v1/lineage/batch", content, CancellationToken.None);
                    if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                    {
                        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        mine.AddRange(ids);
                    }
                    else
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                    if (options.StopOnConnectionFailure)
                    {
                        break;
                    }
                }
                catch (TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                }
            }

            foreach (var id in mine)
            {
                acknowledged.Add(id);
            }

            foreach (var t in times)
            {
                latencies.Add(t);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(c => Task.Run(() => Client(c), CancellationToken.None)));
        var elapsed = stopAt.Elapsed;
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return new LoadTestResult(
            options, [.. acknowledged], sorted.Length, Interlocked.Read(ref failures), elapsed,
            Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted.Length == 0 ? 0 : sorted[^1]);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
