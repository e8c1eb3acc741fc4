using System.Globalization;
using System.Reflection;
using System.Text;
using Tributary.Model;

namespace Tributary.Tracking;

/// <summary>A dataset name such as <c>equity_bars/{symbol}</c>, parsed once, filled in with each call's arguments.</summary>
internal sealed class DatasetTemplate
{
    private readonly string _namespace;
    private readonly (string Text, int Argument)[] _parts;

    private DatasetTemplate(string @namespace, (string Text, int Argument)[] parts)
    {
        _namespace = @namespace;
        _parts = parts;
    }

    /// <summary>Parses a template; throws <see cref="ArgumentException"/> naming the method when a placeholder names no parameter.</summary>
    public static DatasetTemplate Parse(string template, string @namespace, MethodInfo method)
    {
        var parameters = method.GetParameters();
        var parts = new List<(string, int)>();
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('{', at);
            if (open < 0)
            {
                parts.Add((template[at..], -1));
                break;
            }

            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                throw new ArgumentException($"[TrackLineage] on {Describe(method)}: '{template}' has a '{{' without a closing '}}'.");
            }

            if (open > at)
            {
                parts.Add((template[at..open], -1));
            }

            var name = template[(open + 1)..close];
            var index = Array.FindIndex(parameters, p => p.Name == name);
            if (index < 0)
            {
                throw new ArgumentException(
                    $"[TrackLineage] on {Describe(method)}: '{template}' uses {{{name}}}, but the method has no parameter of that name; its parameters are {(parameters.Length == 0 ? "none" : string.Join(", ", parameters.Select(p => p.Name)))}.");
            }

            parts.Add(("", index));
            at = close + 1;
        }

        return new DatasetTemplate(@namespace, [.. parts]);
    }

    public DatasetId Render(object?[]? arguments)
    {
        if (_parts is [(var only, -1)])
        {
            return new DatasetId(_namespace, only);
        }

        var name = new StringBuilder();
        foreach (var (text, argument) in _parts)
        {
            name.Append(argument < 0 ? text : Format(arguments![argument]));
        }

        return new DatasetId(_namespace, name.ToString());
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Describe(MethodInfo method) => method.DeclaringType?.Name + "." + method.Name;
}
