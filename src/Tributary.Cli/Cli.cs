using System.CommandLine;
using Tributary.Cli.Commands;

namespace Tributary.Cli;

/// <summary>Builds the <c>tributary</c> command line: one sub-command per file in Commands/.</summary>
internal static class Cli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Tributary: data lineage for .NET and everything that speaks OpenLineage.")
        {
            ValidateCommand.Create(),
            SqlCommand.Create(),
            ImportCommand.Create(),
            IngestCommand.Create(),
            PathCommand.Create(),
            DemoCommand.Create(),
            ServeCommand.Create(),
            LakeCommands.Compact(),
            CrashWriterCommand.Create(),
            GraphBenchCommand.Create(),
        };
        foreach (var command in LineageCommands.Create()
            .Concat(ImpactCommands.Create())
            .Concat(OperationsCommands.Create())
            .Concat(GovernanceCommands.Create())
            .Concat(ExportCommands.Create()))
        {
            root.Add(command);
        }

        return root;
    }
}
