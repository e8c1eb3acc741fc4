using System.CommandLine;

namespace Tributary.Cli;

/// <summary>Whether output goes to a person at a terminal (progress bars, colours) or to a file, pipe or test.</summary>
internal static class Terminal
{
    public static bool IsInteractive(InvocationConfiguration io) =>
        ReferenceEquals(io.Output, Console.Out) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;
}
