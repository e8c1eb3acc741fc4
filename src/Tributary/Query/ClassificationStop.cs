using Tributary.Model;

namespace Tributary.Query;

/// <summary>Where a propagating tag stopped, and why.</summary>
/// <param name="Node">The dataset or field the tag would have reached.</param>
/// <param name="Tag">The tag's key.</param>
/// <param name="Origin">Where the tag was put.</param>
/// <param name="From">The node it was propagating from.</param>
/// <param name="Reason"><c>masking</c> (a masking transformation), <c>blocked-by-job</c> or <c>blocked-at-field</c> (a <c>tributary.block</c> tag), or <c>blocked-on-edge</c> (a <c>tributary.block.from</c> tag).</param>
/// <param name="BlockedBy">The job or field whose block stopped it, or for <c>blocked-on-edge</c> the blocked edge's source (the dataset or field it comes from); null for masking.</param>
public sealed record ClassificationStop(NodeId Node, string Tag, NodeId Origin, NodeId From, string Reason, NodeId? BlockedBy);
