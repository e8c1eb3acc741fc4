namespace Tributary.Cli;

/// <summary>A problem the user can fix (unknown node, missing store, bad value): printed as one line, exit code 1.</summary>
internal sealed class CliException(string message) : Exception(message);
