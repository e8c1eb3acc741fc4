using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Tributary.Generators;

/// <summary>What the generator needs of one [TrackLineage] method; compared by value so unchanged methods are not generated again.</summary>
internal sealed record TrackedMethodModel(string Name, Location Location)
{
    public DiagnosticDescriptor? Problem { get; init; }

    public EquatableArray<string> ProblemArguments { get; init; } = new([]);

    public string? Namespace { get; init; }

    public EquatableArray<string> Types { get; init; } = new([]);

    public string TypeName { get; init; } = "";

    public string Modifiers { get; init; } = "";

    public string? ReturnType { get; init; }

    /// <summary>Which TrackedMethod finisher the result goes through: Finish, FinishTask (Task&lt;T&gt;) or FinishValueTask (ValueTask&lt;T&gt;).</summary>
    public string Finisher { get; init; } = "Finish";

    public bool IsStatic { get; init; }

    public EquatableArray<ParameterModel> Parameters { get; init; } = new([]);

    public int OperationType { get; init; }

    public string? Job { get; init; }

    public string? JobNamespace { get; init; }

    public string? DatasetNamespace { get; init; }

    public EquatableArray<string> Inputs { get; init; } = new([]);

    public EquatableArray<string> Outputs { get; init; } = new([]);

    public TrackedMethodModel WithProblem(DiagnosticDescriptor problem, params string[] arguments) =>
        this with { Problem = problem, ProblemArguments = new(arguments.ToImmutableArray()) };
}

/// <summary>One parameter: its name, fully qualified type, ref kind, and whether it is a collection whose records are counted.</summary>
internal sealed record ParameterModel(string Name, string Type, RefKind RefKind, bool IsCollection)
{
    /// <summary>Whether its value can be recorded at the start of a call: not <c>out</c>, and boxable (not a ref struct or pointer).</summary>
    public bool Recordable { get; init; }
}
