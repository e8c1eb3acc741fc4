using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Tributary.Generators;

/// <summary>
/// Tracks plain methods of a class, with no interface and no proxy, the way LoggerMessage logs: a <c>partial</c> method
/// declared with <c>[TrackLineage]</c> gets a generated body that runs <c>{Name}Core</c> inside a run of the global
/// tracker (START, then COMPLETE with record counts, or FAIL and rethrow; a task is tracked until it finishes).
/// </summary>
/// <example>
/// <code>
/// public partial class EquityBarStore
/// {
///     [TrackLineage(OperationType.Write, Outputs = ["equity_bars/{symbol}"])]
///     public partial void SaveDailyBars(IReadOnlyList&lt;EquityBar&gt; bars, string symbol);
///
///     private void SaveDailyBarsCore(IReadOnlyList&lt;EquityBar&gt; bars, string symbol) { /* the body */ }
/// }
/// </code>
/// </example>
[Generator(LanguageNames.CSharp)]
public sealed class TrackLineageGenerator : IIncrementalGenerator
{
    private const string AttributeName = "Tributary.Tracking.TrackLineageAttribute";

    private static readonly SymbolDisplayFormat _type = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var methods = context.SyntaxProvider.ForAttributeWithMetadataName(
            AttributeName,
            static (node, _) => node is MethodDeclarationSyntax method && method.Parent is TypeDeclarationSyntax and not InterfaceDeclarationSyntax,
            static (attributed, _) => Describe(attributed));
        context.RegisterSourceOutput(methods, static (output, method) => Emit(output, method));
    }

    private static TrackedMethodModel Describe(GeneratorAttributeSyntaxContext attributed)
    {
        var syntax = (MethodDeclarationSyntax)attributed.TargetNode;
        var method = (IMethodSymbol)attributed.TargetSymbol;
        var location = syntax.Identifier.GetLocation();
        var model = new TrackedMethodModel(method.Name, location);
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || syntax.Body is not null || syntax.ExpressionBody is not null)
        {
            return model.WithProblem(Diagnostics.NotPartial, method.Name);
        }

        if (method.IsGenericMethod)
        {
            return model.WithProblem(Diagnostics.Generic, method.Name);
        }

        var core = method.ContainingType.GetMembers(method.Name + "Core").OfType<IMethodSymbol>().FirstOrDefault(m =>
            m.Parameters.Length == method.Parameters.Length
            && m.Parameters.Zip(method.Parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type) && a.RefKind == b.RefKind).All(same => same)
            && m.IsStatic == method.IsStatic);
        if (core is null)
        {
            return model.WithProblem(Diagnostics.NoCore, method.Name);
        }

        var attribute = attributed.Attributes[0];
        var named = attribute.NamedArguments.ToDictionary(a => a.Key, a => a.Value);
        var parameters = method.Parameters.Select(p => new ParameterModel(
            p.Name, p.Type.ToDisplayString(_type), p.RefKind,
            p.RefKind != RefKind.Out && p.Type.SpecialType != SpecialType.System_String && p.Type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable))
        {
            Recordable = p.RefKind != RefKind.Out && !p.Type.IsRefLikeType && p.Type.TypeKind is not (TypeKind.Pointer or TypeKind.FunctionPointer),
        }).ToImmutableArray();
        var names = new HashSet<string>(parameters.Where(p => p.RefKind != RefKind.Out).Select(p => p.Name));
        string[] Names(string key) => named.TryGetValue(key, out var value) && !value.IsNull ? value.Values.Select(v => (string?)v.Value ?? "").ToArray() : [];
        var inputs = Names("Inputs");
        var outputs = Names("Outputs");
        foreach (var template in inputs.Concat(outputs))
        {
            if (Placeholders(template).FirstOrDefault(p => !names.Contains(p)) is { } unknown)
            {
                return model.WithProblem(Diagnostics.UnknownParameter, template, unknown, method.Name);
            }
        }

        string? Text(string key) => named.TryGetValue(key, out var value) ? value.Value as string : null;
        var types = new List<string>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            types.Insert(0, Declaration(type));
        }

        return model with
        {
            Namespace = method.ContainingNamespace.IsGlobalNamespace ? null : method.ContainingNamespace.ToDisplayString(),
            Types = types.ToImmutableArray(),
            TypeName = method.ContainingType.Name,
            Modifiers = string.Join(" ", syntax.Modifiers.Select(m => m.Text)),
            ReturnType = method.ReturnsVoid ? null : method.ReturnType.ToDisplayString(_type),
            Finisher = Finisher(method.ReturnType),
            IsStatic = method.IsStatic,
            Parameters = parameters,
            OperationType = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is int operation ? operation : 0,
            Job = Text("Job"),
            JobNamespace = Text("Namespace"),
            DatasetNamespace = Text("DatasetNamespace"),
            Inputs = inputs.ToImmutableArray(),
            Outputs = outputs.ToImmutableArray(),
        };
    }

    private static void Emit(SourceProductionContext output, TrackedMethodModel method)
    {
        if (method.Problem is { } problem)
        {
            output.ReportDiagnostic(Diagnostic.Create(problem, method.Location, method.ProblemArguments.ToArray<object>()));
            return;
        }

        var code = new StringBuilder("// <auto-generated/> by Tributary.Generators from [TrackLineage]\n#nullable enable\n");
        if (method.Namespace is { } ns)
        {
            code.Append("namespace ").Append(ns).Append(";\n");
        }

        foreach (var type in method.Types)
        {
            code.Append(type).Append("\n{\n");
        }

        var arguments = string.Join(", ", method.Parameters.Select(p => RefPrefix(p.RefKind) + "@" + p.Name));
        var call = (method.IsStatic ? "" : "this.") + method.Name + "Core(" + arguments + ")";
        var tracked = "global::Tributary.Tracking.TrackedMethod";
        var typeName = Literal(method.TypeName);
        code.Append("    ").Append(method.Modifiers).Append(' ').Append(method.ReturnType ?? "void").Append(' ').Append(method.Name).Append('(')
            .Append(string.Join(", ", method.Parameters.Select(p => RefPrefix(p.RefKind) + p.Type + " @" + p.Name))).Append(")\n    {\n");
        code.Append("        var __scope = ").Append(tracked).Append(".Start(").Append(typeName).Append(", ").Append(Literal(method.Name))
            .Append(", (global::Tributary.Model.OperationType)").Append(method.OperationType).Append(", ")
            .Append(Nullable(method.Job)).Append(", ").Append(Nullable(method.JobNamespace)).Append(", ").Append(Nullable(method.DatasetNamespace)).Append(", ")
            .Append(Array(method.Inputs)).Append(", ").Append(Array(method.Outputs)).Append(");\n");
        code.Append("        if (!__scope.IsRecording)\n        {\n            ").Append(method.ReturnType is null ? call + ";\n            return;\n" : "return " + call + ";\n").Append("        }\n\n");
        var recorded = method.Parameters.Where(p => p.Recordable).ToList();
        if (recorded.Count > 0)
        {
            code.Append("        ").Append(tracked).Append(".Parameters(__scope, new string[] { ").Append(string.Join(", ", recorded.Select(p => Literal(p.Name))))
                .Append(" }, new object?[] { ").Append(string.Join(", ", recorded.Select(p => "@" + p.Name))).Append(" });\n");
        }

        var collection = method.Parameters.FirstOrDefault(p => p.IsCollection);
        code.Append("        var __records = ").Append(tracked).Append(".Records(").Append(typeName).Append(", ").Append(collection is null ? "null" : "@" + collection.Name).Append(");\n");
        if (method.ReturnType is not null)
        {
            code.Append("        ").Append(method.ReturnType).Append(" __result;\n");
        }

        code.Append("        try\n        {\n            ").Append(method.ReturnType is null ? call : "__result = " + call).Append(";\n        }\n")
            .Append("        catch (global::System.Exception __exception)\n        {\n            ").Append(tracked).Append(".Failed(__scope, __exception);\n            throw;\n        }\n\n");
        code.Append("        ").Append(method.ReturnType is null
            ? tracked + ".Finish(__scope, __records);\n"
            : "return " + tracked + "." + method.Finisher + "(__scope, __result, " + typeName + ", __records);\n");
        code.Append("    }\n");
        foreach (var _ in method.Types)
        {
            code.Append("}\n");
        }

        var hint = (method.Namespace is null ? "" : method.Namespace + ".") + string.Join(".", method.Types.Select(t => t.Split(' ').Last())) + "." + method.Name;
        output.AddSource(new string(hint.Select(c => char.IsLetterOrDigit(c) || c == '.' ? c : '_').ToArray()) + ".TrackLineage.g.cs", code.ToString());
    }

    // A Task<T> or ValueTask<T> is tracked until it finishes and handed back as the same type; anything else as it is.
    private static string Finisher(ITypeSymbol type) =>
        type is INamedTypeSymbol { IsGenericType: true, ContainingNamespace: var ns } named && ns.ToDisplayString() == "System.Threading.Tasks"
            ? named.Name switch
            {
                "Task" => "FinishTask",
                "ValueTask" => "FinishValueTask",
                _ => "Finish",
            }
            : "Finish";

    // "partial class Store", "partial record struct Bar<T>": enough to add a member to the user's own declaration.
    private static string Declaration(INamedTypeSymbol type)
    {
        var kind = type.IsRecord ? (type.IsValueType ? "record struct" : "record") : type.IsValueType ? "struct" : "class";
        var parameters = type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(t => t.Name)) + ">";
        return "partial " + kind + " " + type.Name + parameters;
    }

    // The dataset name as an interpolated expression: literal text, and each {parameter} as its invariant text.
    private static string Template(string template)
    {
        var parts = new List<string>();
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('{', at);
            var close = open < 0 ? -1 : template.IndexOf('}', open + 1);
            if (open < 0 || close < 0)
            {
                parts.Add(Literal(template.Substring(at)));
                break;
            }

            if (open > at)
            {
                parts.Add(Literal(template.Substring(at, open - at)));
            }

            parts.Add("global::System.Convert.ToString((object?)@" + template.Substring(open + 1, close - open - 1) + ", global::System.Globalization.CultureInfo.InvariantCulture)");
            at = close + 1;
        }

        return parts.Count == 0 ? "\"\"" : parts.Count == 1 && parts[0].StartsWith("\"", StringComparison.Ordinal) ? parts[0] : "string.Concat(new string?[] { " + string.Join(", ", parts) + " })";
    }

    private static IEnumerable<string> Placeholders(string template)
    {
        for (var open = template.IndexOf('{'); open >= 0; open = template.IndexOf('{', open + 1))
        {
            var close = template.IndexOf('}', open + 1);
            if (close > open)
            {
                yield return template.Substring(open + 1, close - open - 1);
            }
        }
    }

    private static string Array(EquatableArray<string> templates) =>
        templates.Length == 0 ? "global::System.Array.Empty<string>()" : "new string[] { " + string.Join(", ", templates.Select(Template)) + " }";

    private static string Nullable(string? text) => text is null ? "null" : Literal(text);

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    private static string RefPrefix(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        _ => "",
    };
}
