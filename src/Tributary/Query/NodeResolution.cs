using Tributary.Model;

namespace Tributary.Query;

/// <summary>What a name a user typed stands for: one node, several candidates, or nothing.</summary>
/// <param name="Text">The text resolved.</param>
/// <param name="Node">The node when exactly one matched; null otherwise.</param>
/// <param name="Candidates">Every match, sorted by id: one when found, several when ambiguous, none when unknown.</param>
public sealed record NodeResolution(string Text, NodeId? Node, IReadOnlyList<NodeId> Candidates)
{
    /// <summary>True when exactly one node matched.</summary>
    public bool IsFound => Node is not null;

    /// <summary>True when several nodes matched and the user must choose.</summary>
    public bool IsAmbiguous => Candidates.Count > 1;
}
