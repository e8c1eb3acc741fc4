using Tributary.Model;

namespace Tributary.Query;

/// <summary>An owner of something a change affects, and what they own among it.</summary>
/// <param name="Name">The owner, for example <c>team:finance</c>.</param>
/// <param name="Type">The kind of ownership, or null.</param>
/// <param name="Owns">The affected datasets and jobs they own, sorted.</param>
public sealed record OwnerToNotify(string Name, string? Type, IReadOnlyList<NodeId> Owns);
