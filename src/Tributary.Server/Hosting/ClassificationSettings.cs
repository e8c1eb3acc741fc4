using Tributary.Query;

namespace Tributary.Server.Hosting;

/// <summary>
/// The <c>Tributary:Classifications</c> settings: how each classification travels along lineage, a list because tag
/// keys may hold characters configuration keys cannot: <c>"Policies": [{ "Tag": "internal", "Propagate": false },
/// { "Tag": "pii", "MaskingStops": true }, { "Tag": "*", "Propagate": true }]</c>, or
/// <c>Tributary__Classifications__Policies__0__Tag=internal</c> and <c>…__0__Propagate=false</c>. The server and every
/// CLI command read the same settings through <see cref="From"/>, so both answer alike.
/// </summary>
public sealed class ClassificationSettings
{
    /// <summary>The configuration section: <c>Tributary:Classifications</c>.</summary>
    public const string Section = "Tributary:Classifications";

    /// <summary>The per-classification policies, the first naming a tag winning; <c>*</c> stands for every tag no other names.</summary>
    public IList<ClassificationPolicySettings> Policies { get; init; } = [];

    /// <summary>
    /// The policies in <paramref name="configuration"/>'s <c>Tributary:Classifications</c> section; throws
    /// <see cref="InvalidOperationException"/> naming the setting at fault for a value that is not true or false, or a policy without a tag.
    /// </summary>
    public static IReadOnlyList<ClassificationPolicy> From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new ClassificationSettings();
        configuration.GetSection(Section).Bind(settings);
        return settings.ToPolicies();
    }

    /// <summary>The policies these settings describe; throws <see cref="InvalidOperationException"/> naming a policy without a tag or a value that is not true or false.</summary>
    public IReadOnlyList<ClassificationPolicy> ToPolicies()
    {
        var policies = new List<ClassificationPolicy>(Policies.Count);
        for (var i = 0; i < Policies.Count; i++)
        {
            var setting = Policies[i];
            if (string.IsNullOrWhiteSpace(setting.Tag))
            {
                throw new InvalidOperationException($"{Section}:Policies:{i}:Tag is empty; name the tag key the policy is for (pii), or * for every other tag.");
            }

            policies.Add(new ClassificationPolicy(setting.Tag.Trim())
            {
                Propagate = Switch(setting.Propagate, i, nameof(setting.Propagate)),
                MaskingStops = Switch(setting.MaskingStops, i, nameof(setting.MaskingStops)),
            });
        }

        return policies;
    }

    // Read as text and parsed here: the binder would leave a bool it cannot parse at its default without a word.
    private static bool Switch(string? value, int index, string name) =>
        string.IsNullOrWhiteSpace(value) ? true
        : bool.TryParse(value.Trim(), out var parsed) ? parsed
        : throw new InvalidOperationException($"{Section}:Policies:{index}:{name} is '{value}'; give true or false.");
}

/// <summary>One policy of <see cref="ClassificationSettings.Policies"/>.</summary>
public sealed class ClassificationPolicySettings
{
    /// <summary>The tag key (case-insensitive), or <c>*</c> for every tag no other policy names.</summary>
    public string? Tag { get; set; }

    /// <summary>Whether the tag propagates along lineage: <c>true</c> (the default) or <c>false</c>.</summary>
    public string? Propagate { get; set; }

    /// <summary>Whether masking transformations stop it: <c>true</c> (the default) or <c>false</c>.</summary>
    public string? MaskingStops { get; set; }
}
