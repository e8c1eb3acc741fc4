namespace Tributary.Graph;

// A tag's definition: its name, description and the stamp (event time, so replays agree) of the event that set it.
internal sealed record TagDefinitionRecord(string Name, string? Description, Stamp At);
