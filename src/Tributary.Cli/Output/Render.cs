using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tributary.Export;

namespace Tributary.Cli.Output;

/// <summary>Writes a query result in the format the user asked for, to standard output or to <c>--output</c>.</summary>
internal static class Render
{
    public static void Write<T>(InvocationConfiguration io, string format, string? outputFile, T value, JsonTypeInfo<T> json, Func<T, Tabular> table)
    {
        // A table escapes its own cells (and may colour its borders), so it goes to the terminal as it is.
        WithWriter(io, outputFile, format is "json" or "csv", writer =>
        {
            switch (format)
            {
                case "json":
                    writer.WriteLine(JsonSerializer.Serialize(value, json));
                    break;
                case "csv":
                    table(value).WriteCsv(writer);
                    break;
                default:
                    table(value).WriteTable(writer);
                    break;
            }
        });
    }

    /// <summary>
    /// Runs <paramref name="write"/> against the file named by <c>--output</c>, or else standard output, where every
    /// control and bidi character except line breaks and tabs is shown as a <c>\u</c> escape: a report or export printed
    /// to a terminal cannot carry an escape sequence from a name into it.
    /// </summary>
    public static void WithWriter(InvocationConfiguration io, string? outputFile, Action<TextWriter> write) => WithWriter(io, outputFile, true, write);

    private static void WithWriter(InvocationConfiguration io, string? outputFile, bool escapeForTerminal, Action<TextWriter> write)
    {
        if (outputFile is null)
        {
            if (!escapeForTerminal)
            {
                write(io.Output);
                return;
            }

            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            write(text);
            io.Output.Write(VisibleText.Escape(text.ToString(), keepLineBreaks: true));
            return;
        }

        var full = Path.GetFullPath(outputFile);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using (var writer = new StreamWriter(full, append: false, new System.Text.UTF8Encoding(false)))
        {
            write(writer);
        }

        io.Output.WriteLine($"wrote {full}");
    }
}
