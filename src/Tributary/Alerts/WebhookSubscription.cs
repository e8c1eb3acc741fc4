using System.Security.Cryptography;
using System.Text;
using Tributary.Incidents;

namespace Tributary.Alerts;

/// <summary>
/// Where to send alerts about incidents, and which: a webhook URL, an optional secret to sign bodies with, the
/// payload form, and filters that must all match (unset ones match every incident).
/// </summary>
/// <param name="Url">The absolute http or https URL to POST to.</param>
public sealed record WebhookSubscription(Uri Url)
{
    /// <summary>The secret for the <c>X-Tributary-Signature: sha256=…</c> header (HMAC-SHA256 of the body), or null for unsigned.</summary>
    [System.Text.Json.Serialization.JsonIgnore] // never shown: only whether there is one
    public string? Secret { get; init; }

    /// <summary>True when bodies are signed (a secret is set).</summary>
    public bool Signed => Secret is not null;

    /// <summary>The payload: <see cref="AlertFormat.Tributary"/> (our JSON, the incident in full) or <see cref="AlertFormat.Slack"/>.</summary>
    public AlertFormat Format { get; init; }

    /// <summary>Only incidents on datasets (or jobs) in a namespace matching this glob (<c>*</c>, <c>?</c>), or null.</summary>
    public string? Namespace { get; init; }

    /// <summary>Only incidents on a dataset whose name matches this glob, for example <c>*revenue*</c>, or null.</summary>
    public string? Dataset { get; init; }

    /// <summary>Only incidents on datasets carrying this tag key (put there or propagated along lineage), or null.</summary>
    public string? Tag { get; init; }

    /// <summary>Only incidents whose owners to notify include this owner (<c>team:</c>/<c>user:</c> prefix optional), or null.</summary>
    public string? Owner { get; init; }

    /// <summary>Only incidents of at least this severity, or null for all.</summary>
    public IncidentSeverity? MinSeverity { get; init; }

    /// <summary>
    /// The subscription's id: <c>wh-</c> and 12 hex digits of a hash of its URL, form and filters (not the secret),
    /// so the same subscription has the same id wherever it is configured and its deliveries are recognised after a restart.
    /// </summary>
    public string Id
    {
        get
        {
            var text = string.Join('\u001f', Url.AbsoluteUri, Format, Namespace, Dataset, Tag, Owner, MinSeverity);
            return "wh-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
        }
    }

    /// <summary>Checks the URL: absolute http or https. Returns what is wrong, or null.</summary>
    public static string? Problem(string? url) =>
        string.IsNullOrWhiteSpace(url) ? "a webhook needs a url"
        : !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            ? $"'{url}' is not an absolute http or https URL"
            : null;
}

/// <summary>The form of an alert's body.</summary>
public enum AlertFormat
{
    /// <summary>Tributary's JSON: the idempotency key, the change, the text, and the incident as <c>tributary incident ID --format json</c> prints it.</summary>
    Tributary,

    /// <summary>A Slack incoming-webhook message: <c>text</c> and <c>blocks</c> (the text, then the idempotency key).</summary>
    Slack,
}
