using Microsoft.Extensions.Options;
using Tributary.Alerts;
using Tributary.Server.Hosting;

namespace Tributary.Server.Alerts;

/// <summary>
/// Runs the <see cref="AlertDispatcher"/> beside the lineage service: once the store is open it checks incidents
/// for changes every poll, puts alerts in the store's outbox and delivers what is due, sleeping until the next poll
/// or the next retry, whichever comes first.
/// </summary>
public sealed class AlertService(IOptions<ServerOptions> server, IOptions<AlertSettings> settings, LineageService lineage, TimeProvider time, ILogger<AlertService> logger)
    : BackgroundService
{
    private readonly TaskCompletionSource<AlertDispatcher> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The dispatcher, once the store is open (the API waits for it).</summary>
    public Task<AlertDispatcher> Dispatcher => _ready.Task;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await lineage.Opened.WaitAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _ready.TrySetException(new InvalidOperationException("Alerts are off: the store did not open."));
            return;
        }
        catch (OperationCanceledException)
        {
            _ready.TrySetCanceled(stoppingToken);
            return;
        }

        var options = settings.Value;
        var subscriptions = new List<WebhookSubscription>();
        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            var subscription = options.Webhooks[i].ToSubscription(out var problem);
            if (subscription is null)
            {
                logger.LogError("Tributary:Alerts:Webhooks entry {Index} is left out: {Problem}", i, problem);
                continue;
            }

            subscriptions.Add(subscription);
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var alertOptions = new AlertOptions { Timeout = TimeSpan.FromSeconds(Math.Clamp(options.TimeoutSeconds, 0.1, 3600)) };
        AlertDispatcher opened;
        try
        {
            opened = new AlertDispatcher(AlertDispatcher.FolderOf(server.Value.Store), subscriptions, http, time, alertOptions);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException)
        {
            // Alerts are a side line: a store folder they cannot use must not stop the server answering.
            logger.LogError(ex, "Alerts are off: the outbox in {Folder} could not be opened", AlertDispatcher.FolderOf(server.Value.Store));
            _ready.TrySetException(new InvalidOperationException("Alerts are off: " + ex.Message));
            return;
        }

        using var dispatcher = opened;
        _ready.TrySetResult(dispatcher);
        var poll = TimeSpan.FromSeconds(Math.Clamp(options.PollSeconds, 0.05, 3600));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                dispatcher.Enqueue(lineage.Engine);
                await dispatcher.DeliverDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                logger.LogError(ex, "Alerts could not be queued or delivered; trying again at the next poll");
            }

            var wait = poll;
            if (dispatcher.NextDue is { } due && due - time.GetUtcNow() is var untilDue && untilDue < wait)
            {
                wait = untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue;
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
