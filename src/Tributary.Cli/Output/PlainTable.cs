using System.Globalization;
using System.Text;

namespace Tributary.Cli.Output;

/// <summary>
/// Draws a table with the same rounded box characters as the terminal renderer, for output that is not a terminal
/// (a pipe or a file): every cell on one line whatever its length, so the output greps and diffs well, and drawn
/// directly, without the terminal renderer's layout engine, which costs a short command more than its query.
/// </summary>
internal static class PlainTable
{
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows)
    {
        var widths = new int[headers.Count];
        for (var c = 0; c < widths.Length; c++)
        {
            widths[c] = Width(headers[c]);
        }

        foreach (var row in rows)
        {
            for (var c = 0; c < widths.Length && c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], Width(row[c]));
            }
        }

        var line = new StringBuilder(256);
        Rule(output, line, widths, '╭', '┬', '╮');
        Row(output, line, widths, headers);
        Rule(output, line, widths, '├', '┼', '┤');
        foreach (var row in rows)
        {
            Row(output, line, widths, row);
        }

        Rule(output, line, widths, '╰', '┴', '╯');
    }

    /// <summary>How many terminal columns <paramref name="text"/> takes: wide East Asian characters two, combining marks none.</summary>
    public static int Width(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += Rune.GetUnicodeCategory(rune) switch
            {
                UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format => 0,
                _ => IsWide(rune.Value) ? 2 : 1,
            };
        }

        return width;
    }

    private static bool IsWide(int c) =>
        c is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
            or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 or >= 0x1F300 and <= 0x1F64F
            or >= 0x1F900 and <= 0x1F9FF or >= 0x20000 and <= 0x3FFFD;

    private static void Rule(TextWriter output, StringBuilder line, int[] widths, char left, char middle, char right)
    {
        line.Clear().Append(left);
        for (var c = 0; c < widths.Length; c++)
        {
            line.Append('─', widths[c] + 2).Append(c == widths.Length - 1 ? right : middle);
        }

        output.WriteLine(line);
    }

    private static void Row(TextWriter output, StringBuilder line, int[] widths, IReadOnlyList<string> cells)
    {
        line.Clear().Append('│');
        for (var c = 0; c < widths.Length; c++)
        {
            var cell = c < cells.Count ? cells[c] : "";
            line.Append(' ').Append(cell).Append(' ', widths[c] - Width(cell) + 1).Append('│');
        }

        output.WriteLine(line);
    }
}
