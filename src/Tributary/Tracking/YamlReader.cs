using System.Globalization;
using System.Text;

namespace Tributary.Tracking;

/// <summary>
/// Reads the YAML subset that <c>openlineage.yml</c> files use, into the tree <see cref="ConfigTree"/> works on:
/// nested block mappings, block and flow sequences of scalars, plain, single- and double-quoted scalars, comments
/// and a leading <c>---</c>. Anything else (anchors, flow mappings, multi-line scalars) is reported with its line
/// number rather than guessed at; the library stays free of a YAML dependency.
/// </summary>
internal static class YamlReader
{
    public static Dictionary<string, object?> Read(string text, string source, List<string> problems)
    {
        var lines = Lines(text, source, problems);
        var at = 0;
        var root = ReadMapping(lines, ref at, lines.Count > 0 ? lines[0].Indent : 0, source, problems);
        if (at < lines.Count)
        {
            problems.Add($"{source} line {lines[at].Number}: unexpected indentation; align it with the setting it belongs to.");
        }

        return root;
    }

    private static Dictionary<string, object?> ReadMapping(List<Line> lines, ref int at, int indent, string source, List<string> problems)
    {
        var mapping = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (at < lines.Count && lines[at].Indent == indent)
        {
            var line = lines[at];
            var colon = KeyEnd(line.Text);
            if (line.Text.StartsWith('-') || colon < 0)
            {
                problems.Add($"{source} line {line.Number}: expected 'key: value', found '{line.Text}'.");
                at++;
                continue;
            }

            var key = Unquote(line.Text[..colon].Trim(), line.Number, source, problems);
            var rest = line.Text[(colon + 1)..].Trim();
            at++;
            if (rest.Length > 0)
            {
                mapping[key] = Scalar(rest, line.Number, source, problems);
            }
            else if (at < lines.Count && lines[at].Indent > indent)
            {
                mapping[key] = lines[at].Text.StartsWith('-') ? ReadSequence(lines, ref at, lines[at].Indent, source, problems)
                    : ReadMapping(lines, ref at, lines[at].Indent, source, problems);
            }
            else if (at < lines.Count && lines[at].Indent == indent && lines[at].Text.StartsWith('-'))
            {
                // YAML allows a sequence at the same indentation as its key.
                mapping[key] = ReadSequence(lines, ref at, indent, source, problems);
            }
            else
            {
                mapping[key] = null;
            }
        }

        return mapping;
    }

    private static List<object?> ReadSequence(List<Line> lines, ref int at, int indent, string source, List<string> problems)
    {
        var items = new List<object?>();
        while (at < lines.Count && lines[at].Indent == indent && lines[at].Text.StartsWith('-'))
        {
            var line = lines[at];
            var item = line.Text[1..].Trim();
            if (KeyEnd(item) >= 0)
            {
                problems.Add($"{source} line {line.Number}: lists of mappings are not supported here; list plain values.");
            }
            else
            {
                items.Add(item.Length == 0 ? null : Scalar(item, line.Number, source, problems));
            }

            at++;
        }

        return items;
    }

    private static object? Scalar(string text, int number, string source, List<string> problems)
    {
        if (text.StartsWith('['))
        {
            if (!text.EndsWith(']'))
            {
                problems.Add($"{source} line {number}: a '[' list must close with ']' on the same line.");
                return null;
            }

            var inner = text[1..^1].Trim();
            return inner.Length == 0 ? new List<object?>() : SplitFlow(inner).Select(item => (object?)Unquote(item.Trim(), number, source, problems)).ToList();
        }

        if (text.StartsWith('{') || text.StartsWith('&') || text.StartsWith('*') || text.StartsWith('|') || text.StartsWith('>'))
        {
            problems.Add($"{source} line {number}: '{text}' uses YAML that Tributary does not read (flow mappings, anchors, block scalars); write it as nested 'key: value' lines.");
            return null;
        }

        var value = Unquote(text, number, source, problems);
        return text is "~" or "null" or "Null" or "NULL" ? null : value;
    }

    private static IEnumerable<string> SplitFlow(string text)
    {
        var start = 0;
        char quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == ',')
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static string Unquote(string text, int number, string source, List<string> problems)
    {
        if (text.Length >= 2 && text[0] == '\'' && text[^1] == '\'')
        {
            return text[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }

        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
        {
            if (text.StartsWith('"') || text.StartsWith('\''))
            {
                problems.Add($"{source} line {number}: the quoted value {text} is not closed.");
            }

            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 1; i < text.Length - 1; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length - 1)
            {
                result.Append(text[i]);
                continue;
            }

            var escaped = text[++i];
            switch (escaped)
            {
                case 'n': result.Append('\n'); break;
                case 't': result.Append('\t'); break;
                case 'r': result.Append('\r'); break;
                case '0': result.Append('\0'); break;
                case '"' or '\\' or '/': result.Append(escaped); break;
                case 'u' when i + 4 < text.Length - 1 && int.TryParse(text.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                    result.Append((char)code);
                    i += 4;
                    break;
                default:
                    problems.Add($"{source} line {number}: unknown escape '\\{escaped}' in a double-quoted value.");
                    result.Append(escaped);
                    break;
            }
        }

        return result.ToString();
    }

    // The colon that ends a key: outside quotes and followed by a space or the end of the line (so URLs stay values).
    private static int KeyEnd(string text)
    {
        char quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'' && i == 0)
            {
                quote = c;
            }
            else if (c == ':' && (i + 1 == text.Length || text[i + 1] == ' '))
            {
                return i;
            }
        }

        return -1;
    }

    private static List<Line> Lines(string text, string source, List<string> problems)
    {
        var lines = new List<Line>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var content = StripComment(raw.TrimEnd('\r'));
            if (content.Trim().Length == 0 || (lines.Count == 0 && content.Trim() is "---"))
            {
                continue;
            }

            var indent = content.Length - content.TrimStart(' ').Length;
            if (content.TrimStart(' ').StartsWith('\t'))
            {
                // Tabs are not YAML indentation; say so instead of guessing what was meant.
                problems.Add($"{source} line {number}: indent with spaces; YAML does not allow tabs for indentation.");
                continue;
            }

            lines.Add(new Line(number, indent, content.Trim()));
        }

        return lines;
    }

    private static string StripComment(string line)
    {
        char quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'' && (i == 0 || line[i - 1] is ' ' or ':' or '[' or ',' or '-'))
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] is ' ' or '\t'))
            {
                return line[..i];
            }
        }

        return line;
    }

    private readonly record struct Line(int Number, int Indent, string Text);
}
