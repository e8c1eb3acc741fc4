using System.IO.Compression;
using System.Net;
using System.Net.Sockets;

namespace Tributary.Tests.Tracking;

/// <summary>
/// A real HTTP server on 127.0.0.1 (HttpListener) that records each request and answers with scripted status codes;
/// <see cref="Hang"/> holds the request unanswered until the server is disposed.
/// </summary>
internal sealed class LineageHttpServer : IAsyncDisposable
{
    public const int Hang = 0;

    private readonly HttpListener _listener = new();
    private readonly Queue<int> _statuses;
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private readonly List<HttpListenerContext> _held = [];
    private readonly Lock _lock = new();
    private readonly Task _loop;

    public LineageHttpServer(params int[] statuses)
        : this(statuses, FreePort())
    {
    }

    private LineageHttpServer(int[] statuses, int port)
    {
        _statuses = new Queue<int>(statuses);
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    /// <summary>A server at the address another one had (that one disposed): a target coming back after being down.</summary>
    public static LineageHttpServer At(Uri baseUrl, params int[] statuses) => new(statuses, baseUrl.Port);

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> requests have been recorded.</summary>
    public Task WaitForRequestsAsync(int count)
    {
        lock (_lock)
        {
            if (_requests.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            foreach (var context in _held)
            {
                context.Response.Abort();
            }
        }

        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopping the listener ends GetContextAsync with one of these.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var request = context.Request;
            using var raw = new MemoryStream();
            await request.InputStream.CopyToAsync(raw);
            var encoding = request.Headers["Content-Encoding"];
            var body = encoding == "gzip" ? Gunzip(raw.ToArray()) : raw.ToArray();
            int status;
            lock (_lock)
            {
                _requests.Add(new RecordedRequest(request.HttpMethod, request.Url!.AbsolutePath, request.Headers["Authorization"], encoding, request.ContentType, raw.ToArray(), body)
                {
                    Headers = request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => request.Headers[k], StringComparer.OrdinalIgnoreCase),
                });
                foreach (var waiter in _waiters.Where(w => _requests.Count >= w.Count).ToList())
                {
                    waiter.Signal.TrySetResult();
                    _waiters.Remove(waiter);
                }

                status = _statuses.Count > 0 ? _statuses.Dequeue() : 201;
                if (status == Hang)
                {
                    _held.Add(context);
                    continue;
                }
            }

            context.Response.StatusCode = status;
            var answer = status >= 400 ? System.Text.Encoding.UTF8.GetBytes("{\"error\":\"scripted " + status + "\"}") : [];
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    private static byte[] Gunzip(byte[] compressed)
    {
        using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}

internal sealed record RecordedRequest(string Method, string Path, string? Authorization, string? ContentEncoding, string? ContentType, byte[] RawBody, byte[] Body)
{
    /// <summary>Every request header by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, string?> Headers { get; init; } = new Dictionary<string, string?>();
}
