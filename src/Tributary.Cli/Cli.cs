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
            WithAsOf(PathCommand.Create()),
            DiffCommand.Create(),
            DemoCommand.Create(),
            ServeCommand.Create(),
            LakeCommands.Compact(),
            VerifyCommand.Create(),
            CrashWriterCommand.Create(),
            GraphBenchCommand.Create(),
            TagCommands.Create(),
            AlertCommands.Create(),
        };
        // Every query command answers as of a moment when asked (--as-of); `path` is built above.
        foreach (var command in LineageCommands.Create()
            .Concat(ImpactCommands.Create())
            .Concat(IncidentCommands.Create())
            .Concat(OperationsCommands.Create())
            .Concat(GovernanceCommands.Create())
            .Concat(ExportCommands.Create()))
        {
            command.Add(CommonOptions.AsOf());
            root.Add(command);
        }

        return root;
    }

    private static Command WithAsOf(Command command)
    {
        command.Add(CommonOptions.AsOf());
        return command;
    }

    /// <summary>
    /// Parses and runs a command line. A usage mistake (an unknown option, a missing argument, a value not among
    /// those accepted) is one line per problem and a pointer to <c>--help</c>, exit code 2, instead of the whole help.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var parsed = Build().Parse(args);
        if (parsed.Errors.Count == 0 || parsed.Action is not System.CommandLine.Invocation.ParseErrorAction)
        {
            return await parsed.InvokeAsync(configuration, cancellationToken);
        }

        var error = configuration?.Error ?? Console.Error;
        var path = string.Join(' ', CommandPath(parsed.CommandResult));
        var name = path.Length == 0 ? "tributary" : "tributary " + path;
        foreach (var problem in parsed.Errors)
        {
            error.WriteLine($"{name}: {Export.VisibleText.Escape(problem.Message)}");
        }

        error.WriteLine($"run `{name} --help` to see how to use it");
        return 2;
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result) =>
        result.Parent is System.CommandLine.Parsing.CommandResult parent ? CommandPath(parent).Append(result.Command.Name) : [];
}
