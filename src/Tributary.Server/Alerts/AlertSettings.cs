using Tributary.Alerts;
using Tributary.Incidents;

namespace Tributary.Server.Alerts;

/// <summary>
/// The <c>Tributary:Alerts</c> settings: webhooks to alert about incidents (<c>Tributary:Alerts:Webhooks:0:Url</c>,
/// <c>…:Secret</c>, <c>…:Format</c> tributary|slack, <c>…:Namespace</c>, <c>…:Dataset</c>, <c>…:Tag</c>, <c>…:Owner</c>,
/// <c>…:Severity</c>), and how delivery waits and polls.
/// </summary>
public sealed class AlertSettings
{
    /// <summary>The configuration section: <c>Tributary:Alerts</c>.</summary>
    public const string Section = "Tributary:Alerts";

    /// <summary>The webhooks from settings and <c>serve --webhook</c>.</summary>
    public List<WebhookSettings> Webhooks { get; set; } = [];

    /// <summary>How long one attempt waits for an answer (default 10 s).</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>How often incidents are checked for changes to alert about (default 2 s).</summary>
    public double PollSeconds { get; set; } = 2;
}

/// <summary>One webhook in settings.</summary>
public sealed class WebhookSettings
{
    /// <summary>The absolute http or https URL to POST alerts to.</summary>
    public string? Url { get; set; }

    /// <summary>The secret to sign bodies with (<c>X-Tributary-Signature</c>), or null.</summary>
    public string? Secret { get; set; }

    /// <summary><c>tributary</c> (default) or <c>slack</c>.</summary>
    public string? Format { get; set; }

    /// <summary>A namespace glob, or null.</summary>
    public string? Namespace { get; set; }

    /// <summary>A dataset name glob, or null.</summary>
    public string? Dataset { get; set; }

    /// <summary>A tag key, or null.</summary>
    public string? Tag { get; set; }

    /// <summary>An owner, or null.</summary>
    public string? Owner { get; set; }

    /// <summary>The lowest severity alerted (low, medium, high, critical), or null for all.</summary>
    public string? Severity { get; set; }

    /// <summary>The subscription these settings describe, or what is wrong with them.</summary>
    public WebhookSubscription? ToSubscription(out string? problem) =>
        Subscription(Url, Secret, Format, Namespace, Dataset, Tag, Owner, Severity, out problem);

    /// <summary>Builds a subscription from the words settings and the API take; <paramref name="problem"/> says what is wrong, if anything.</summary>
    public static WebhookSubscription? Subscription(string? url, string? secret, string? format, string? ns, string? dataset, string? tag, string? owner, string? severity, out string? problem)
    {
        problem = WebhookSubscription.Problem(url);
        AlertFormat parsedFormat = AlertFormat.Tributary;
        IncidentSeverity? parsedSeverity = null;
        if (problem is null && format is { Length: > 0 } && (!Enum.TryParse(format, ignoreCase: true, out parsedFormat) || char.IsDigit(format[0])))
        {
            problem = $"format '{format}' is not one of tributary, slack";
        }

        if (problem is null && severity is { Length: > 0 })
        {
            if (Enum.TryParse<IncidentSeverity>(severity, ignoreCase: true, out var s) && !char.IsDigit(severity[0]))
            {
                parsedSeverity = s;
            }
            else
            {
                problem = $"severity '{severity}' is not one of low, medium, high, critical";
            }
        }

        return problem is not null ? null : new WebhookSubscription(new Uri(url!))
        {
            Secret = secret is { Length: > 0 } ? secret : null,
            Format = parsedFormat,
            Namespace = Blank(ns),
            Dataset = Blank(dataset),
            Tag = Blank(tag),
            Owner = Blank(owner),
            MinSeverity = parsedSeverity,
        };
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
