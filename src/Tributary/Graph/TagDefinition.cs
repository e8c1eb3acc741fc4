namespace Tributary.Graph;

/// <summary>A tag defined with a description (Marquez's <c>PUT /api/v1/tags/{tag}</c>), as of its newest definition.</summary>
/// <param name="Name">The tag's name as Marquez shows it (<c>PII</c>, or <c>key=value</c>).</param>
/// <param name="Description">What the tag means, or null.</param>
/// <param name="DefinedAt">The event time of the definition in force.</param>
public sealed record TagDefinition(string Name, string? Description, DateTimeOffset DefinedAt);
