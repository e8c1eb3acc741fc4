using System.Text;
using Spectre.Console;
using Tributary.Export;

namespace Tributary.Cli.Output;

/// <summary>Rows of text shown as a terminal table or written as CSV (RFC 4180, one header row).</summary>
internal sealed class Tabular(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public string? Title { get; init; }

    public int Count => _rows.Count;

    public Tabular Add(params object?[] cells)
    {
        _rows.Add([.. cells.Select(Format)]);
        return this;
    }

    public void WriteTable(TextWriter output)
    {
        if (Title is not null)
        {
            output.WriteLine(VisibleText.Escape(Title)); // titles name nodes, and names are data
        }

        if (_rows.Count == 0)
        {
            output.WriteLine("(none)");
            return;
        }

        if (!ReferenceEquals(output, System.Console.Out) || System.Console.IsOutputRedirected)
        {
            // Not a terminal: no width to fit, so every name stays on one line for grep and diff.
            PlainTable.Write(output, headers, _rows);
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)));
        }

        foreach (var row in _rows)
        {
            // Names are data: escape Spectre markup so a name like "[red]" is shown as written.
            table.AddRow(row.Select(c => new Text(c)).ToArray<Spectre.Console.Rendering.IRenderable>());
        }

        Console(output).Write(table);
    }

    public void WriteCsv(TextWriter output)
    {
        output.WriteLine(string.Join(",", headers.Select(Csv)));
        foreach (var row in _rows)
        {
            output.WriteLine(string.Join(",", row.Select(Csv)));
        }
    }

    public static IAnsiConsole Console(TextWriter output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(output),
        Ansi = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null
            ? ColorSystemSupport.Detect
            : ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });

    private static string Csv(string value)
    {
        // A leading = + - @ would be read as a formula by spreadsheets; prefix it so names stay data.
        var safe = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _) ? "'" + value : value;
        return safe.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }

    // Every cell goes through here: text a producer sent (names, owners, error messages) has its control and bidi
    // characters shown as \u escapes, so an ESC or BEL in a name is seen, never obeyed, by the terminal (or a CSV viewer).
    private static string Format(object? value) => VisibleText.Escape(value switch
    {
        null => "",
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        TimeSpan span => FormatDuration(span),
        double d => d.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    });

    public static string FormatDuration(TimeSpan span) => span.TotalSeconds < 1
        ? $"{span.TotalMilliseconds:0} ms"
        : span.TotalMinutes < 1 ? $"{span.TotalSeconds:0.0} s" : span.TotalHours < 1 ? $"{span.TotalMinutes:0.0} min" : $"{span.TotalHours:0.0} h";

    public override string ToString()
    {
        var sb = new StringBuilder();
        using var writer = new StringWriter(sb);
        WriteCsv(writer);
        return sb.ToString();
    }
}
