namespace Tributary.Query;

/// <summary>
/// How one classification (tag key) travels along lineage, wherever it is asked about: <c>tag list</c>,
/// <c>find --tag</c>, exports and the server's answers all follow it. Give a list of them to an engine through
/// <see cref="LineageQueryOptions.ClassificationPolicies"/>; the server and the CLI read them from the settings
/// <c>Tributary:Classifications:Policies:N:Tag</c>, <c>…:Propagate</c> and <c>…:MaskingStops</c>.
/// </summary>
/// <param name="Tag">The tag key this policy is for (case-insensitive), or <c>*</c> for every key no other policy names.</param>
public sealed record ClassificationPolicy(string Tag)
{
    /// <summary>The key that stands for every tag no other policy names: <c>*</c>.</summary>
    public const string Any = "*";

    /// <summary>The policy of a tag no policy names: it propagates, and masking transformations stop it.</summary>
    public static ClassificationPolicy Default { get; } = new(Any);

    /// <summary>Whether the tag propagates along lineage from where it was put (default true); false keeps it where it was put.</summary>
    public bool Propagate { get; init; } = true;

    /// <summary>Whether a masking transformation (a hash) stops the tag (default true); false lets it through, as for a tag that marks where data came from rather than what it holds.</summary>
    public bool MaskingStops { get; init; } = true;

    /// <summary>
    /// The policy <paramref name="policies"/> give tag key <paramref name="key"/>: the one naming it, else the one
    /// named <c>*</c>, else <see cref="Default"/>. Keys compare case-insensitively; the first match wins.
    /// </summary>
    public static ClassificationPolicy For(IReadOnlyList<ClassificationPolicy> policies, string key)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ClassificationPolicy? any = null;
        for (var i = 0; i < policies.Count; i++)
        {
            if (string.Equals(policies[i].Tag, key, StringComparison.OrdinalIgnoreCase))
            {
                return policies[i];
            }

            if (any is null && policies[i].Tag == Any)
            {
                any = policies[i];
            }
        }

        return any ?? Default;
    }
}
