namespace Tributary.Graph;

/// <summary>Which way to look from a node.</summary>
public enum LineageDirection
{
    /// <summary>Toward where data comes from.</summary>
    Upstream,

    /// <summary>Toward where data goes.</summary>
    Downstream,

    /// <summary>Both ways.</summary>
    Both,
}
