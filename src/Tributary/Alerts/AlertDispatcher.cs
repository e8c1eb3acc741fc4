using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tributary.Incidents;
using Tributary.Json;
using Tributary.Query;

namespace Tributary.Alerts;

/// <summary>
/// Alerts about data-quality incidents, delivered to webhooks from a durable outbox in the store folder
/// (<c>alerts/</c>). <see cref="Enqueue"/> turns each incident change a subscription matches (opened; resolved, once
/// its opening was alerted) into an alert with an idempotency key, fsynced to the outbox before it counts; a change
/// already in the outbox is never enqueued again. <see cref="DeliverDueAsync"/> POSTs the alerts that are due,
/// records every attempt, and retries failures (an error status, a timeout, a refused connection) with exponential
/// backoff measured on the given <see cref="TimeProvider"/>. Nothing is lost across a restart or a crash: a new
/// dispatcher over the same folder picks up what is pending; a receiver that sees the same key twice (a crash after
/// sending but before recording) can tell.
/// </summary>
public sealed class AlertDispatcher : IDisposable
{
    /// <summary>The header carrying the idempotency key: <c>X-Tributary-Idempotency-Key</c>.</summary>
    public const string IdempotencyHeader = "X-Tributary-Idempotency-Key";

    private const string StoredFile = "webhooks.json";
    private readonly string _folder;
    private readonly HttpMessageInvoker _http;
    private readonly TimeProvider _time;
    private readonly AlertOptions _options;
    private readonly AlertOutbox _outbox;
    private readonly IReadOnlyList<WebhookSubscription> _configured;
    private readonly List<WebhookSubscription> _added;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _sending = new(1, 1);

    /// <summary>
    /// Opens the outbox in <paramref name="folder"/> (the store's <c>alerts</c> folder) with the subscriptions from
    /// settings or the command line, plus those added before through <see cref="Add"/> (kept in the folder).
    /// </summary>
    public AlertDispatcher(string folder, IReadOnlyList<WebhookSubscription> configured, HttpMessageInvoker http, TimeProvider time, AlertOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configured);
        _folder = Path.GetFullPath(folder);
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options ?? new AlertOptions();
        _configured = configured;
        _outbox = AlertOutbox.Open(_folder);
        _added = WebhookStore.Read(Path.Combine(_folder, StoredFile));
    }

    /// <summary>The folder of a store's alerts: <c>STORE/alerts</c>.</summary>
    public static string FolderOf(string storeDirectory) => Path.Combine(storeDirectory, "alerts");

    /// <summary>Every subscription: from settings and the command line, then those added through the API.</summary>
    public IReadOnlyList<WebhookSubscription> Subscriptions
    {
        get
        {
            lock (_gate)
            {
                return [.. _configured, .. _added];
            }
        }
    }

    /// <summary>Adds a subscription and keeps it in the folder; false when one with the same id (URL, form and filters) exists.</summary>
    public bool Add(WebhookSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        lock (_gate)
        {
            if (_configured.Concat(_added).Any(s => s.Id == subscription.Id))
            {
                return false;
            }

            _added.Add(subscription);
            WebhookStore.Write(Path.Combine(_folder, StoredFile), _added);
            return true;
        }
    }

    /// <summary>Removes a subscription added through <see cref="Add"/>; its pending alerts are dropped. False when there is none with that id.</summary>
    public bool Remove(string id)
    {
        lock (_gate)
        {
            if (_added.RemoveAll(s => s.Id == id) == 0)
            {
                return false;
            }

            WebhookStore.Write(Path.Combine(_folder, StoredFile), _added);
            foreach (var entry in _outbox.Entries)
            {
                if (entry.Delivery.Subscription == id && entry.Delivery.NextAttemptAt is not null)
                {
                    _outbox.Drop(entry.Delivery.Key, _time.GetUtcNow(), "subscription removed");
                }
            }

            return true;
        }
    }

    /// <summary>Every alert in the outbox, oldest first, with how delivering it went (the <c>alerts log</c>).</summary>
    public IReadOnlyList<AlertDelivery> Log()
    {
        lock (_gate)
        {
            return [.. _outbox.Entries.Select(e => e.Delivery)];
        }
    }

    /// <summary>Reads a store's delivery log without opening it for writing (a missing outbox is an empty log).</summary>
    public static IReadOnlyList<AlertDelivery> ReadLog(string storeDirectory)
    {
        using var outbox = AlertOutbox.Open(FolderOf(storeDirectory), readOnly: true);
        return [.. outbox.Entries.Select(e => e.Delivery)];
    }

    /// <summary>When the next pending alert is due, or null when none is pending.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_gate)
            {
                DateTimeOffset? next = null;
                foreach (var entry in _outbox.Entries)
                {
                    if (entry.Delivery.NextAttemptAt is { } due && (next is null || due < next))
                    {
                        next = due;
                    }
                }

                return next;
            }
        }
    }

    /// <summary>
    /// Puts an alert in the outbox for every incident change a subscription matches and has not been alerted yet;
    /// returns how many. Incidents resolved before their opening was ever alerted are history, not news, and are skipped.
    /// </summary>
    public int Enqueue(LineageQueryEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var subscriptions = Subscriptions;
        if (subscriptions.Count == 0)
        {
            return 0;
        }

        var incidents = engine.Incidents();
        var tagged = new Dictionary<string, HashSet<Model.DatasetId>>(StringComparer.OrdinalIgnoreCase);
        var added = 0;
        lock (_gate)
        {
            foreach (var subscription in subscriptions)
            {
                HashSet<Model.DatasetId>? withTag = null;
                if (subscription.Tag is { } tag && !tagged.TryGetValue(tag, out withTag))
                {
                    tagged[tag] = withTag = [.. engine.FindDataSources(new DataSourceFilter { Tag = tag }).Select(d => d.Id)];
                }

                foreach (var incident in incidents)
                {
                    if (!Matches(subscription, incident, withTag))
                    {
                        continue;
                    }

                    var opened = Key(subscription, incident, "opened");
                    var change = incident.Status == IncidentStatus.Open ? "opened" : "resolved";
                    var key = change == "opened" ? opened : Key(subscription, incident, change);
                    if (_outbox.Contains(key) || (change == "resolved" && !_outbox.Contains(opened)))
                    {
                        continue;
                    }

                    var body = AlertPayload.Body(incident, change, key, subscription);
                    _outbox.Enqueue(new AlertDelivery(key, subscription.Id, subscription.Url, incident.Id.ToString(), change, _time.GetUtcNow()), body);
                    added++;
                }
            }
        }

        return added;
    }

    /// <summary>Sends every alert that is due, one at a time; returns how many the targets accepted.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            List<AlertOutbox.Entry> due;
            Dictionary<string, WebhookSubscription> subscriptions;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                due = [.. _outbox.Entries.Where(e => e.Delivery.NextAttemptAt is { } at && at <= now)];
                subscriptions = _configured.Concat(_added).GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());
            }

            var delivered = 0;
            foreach (var entry in due)
            {
                if (!subscriptions.TryGetValue(entry.Delivery.Subscription, out var subscription))
                {
                    lock (_gate)
                    {
                        _outbox.Drop(entry.Delivery.Key, _time.GetUtcNow(), "its subscription is no longer configured");
                    }

                    continue;
                }

                var (status, error) = await SendAsync(entry, subscription, cancellationToken);
                lock (_gate)
                {
                    var now = _time.GetUtcNow();
                    if (error is null)
                    {
                        _outbox.Delivered(entry.Delivery.Key, now, status!.Value);
                        delivered++;
                    }
                    else
                    {
                        _outbox.Attempted(entry.Delivery.Key, now, status, error, now + Backoff(entry.Delivery.Attempts + 1));
                    }
                }
            }

            return delivered;
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>The wait after the <paramref name="attempts"/>th failed attempt: the first retry delay, doubled each time, at most the maximum.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var delay = _options.FirstRetryDelay * Math.Pow(2, Math.Min(Math.Max(attempts - 1, 0), 30));
        return delay > _options.MaxRetryDelay ? _options.MaxRetryDelay : delay;
    }

    /// <summary>Closes the outbox file.</summary>
    public void Dispose()
    {
        _outbox.Dispose();
        _sending.Dispose();
    }

    private async Task<(int? Status, string? Error)> SendAsync(AlertOutbox.Entry entry, WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(entry.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, entry.Delivery.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(IdempotencyHeader, entry.Delivery.Key);
        if (subscription.Secret is { Length: > 0 } secret)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Of(body, secret));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (status, null) : (status, $"HTTP {status} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {_options.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return (null, ex.Message);
        }
    }

    private static bool Matches(WebhookSubscription s, Incident incident, HashSet<Model.DatasetId>? withTag)
    {
        var datasets = incident.Datasets.Count > 0 ? incident.Datasets : incident.Node.Kind is Model.NodeKind.Dataset ? [incident.Node.AsDataset()] : [];
        if (s.Namespace is { } ns && !Glob.IsMatch(ns, incident.Node.Namespace) && !datasets.Any(d => Glob.IsMatch(ns, d.Namespace)))
        {
            return false;
        }

        if (s.Dataset is { } pattern && !datasets.Any(d => Glob.IsMatch(pattern, d.Name)))
        {
            return false;
        }

        if (withTag is not null && !datasets.Any(withTag.Contains))
        {
            return false;
        }

        if (s.Owner is { } owner && !incident.Owners.Any(o => string.Equals(o.Name, owner, StringComparison.OrdinalIgnoreCase)
            || (o.Name.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 && string.Equals(o.Name[(colon + 1)..], owner, StringComparison.OrdinalIgnoreCase))))
        {
            return false;
        }

        return s.MinSeverity is not { } min || incident.Severity >= min;
    }

    // The same subscription, incident and change always give the same key, so nothing is enqueued twice.
    private static string Key(WebhookSubscription subscription, Incident incident, string change) =>
        "alert-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{subscription.Id}\u001f{incident.Id}\u001f{change}")))[..24];
}
