using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tributary.Cli.Output;

/// <summary>Writes a query result in the format the user asked for, to standard output or to <c>--output</c>.</summary>
internal static class Render
{
    public static void Write<T>(InvocationConfiguration io, string format, string? outputFile, T value, JsonTypeInfo<T> json, Func<T, Tabular> table)
    {
        WithWriter(io, outputFile, writer =>
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

    public static void WithWriter(InvocationConfiguration io, string? outputFile, Action<TextWriter> write)
    {
        if (outputFile is null)
        {
            write(io.Output);
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
