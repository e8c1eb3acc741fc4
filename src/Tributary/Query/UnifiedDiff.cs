using System.Text;

namespace Tributary.Query;

// A unified diff of two texts by lines (longest common subsequence) in one hunk with three lines of context, as
// `diff -u` prints it; SQL texts are small, so the quadratic table is cheap.
internal static class UnifiedDiff
{
    private const int Context = 3;

    public static string Of(string? before, string? after, string fromLabel, string toLabel)
    {
        var a = Lines(before);
        var b = Lines(after);
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        // The edit script: ' ' kept, '-' only before, '+' only after, with each line's number on its side.
        var script = new List<(char Op, string Line, int A, int B)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                script.Add((' ', a[x], x++, y++));
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                script.Add(('+', b[y], x, y++));
            }
            else
            {
                script.Add(('-', a[x], x++, y));
            }
        }

        // One hunk from three lines before the first change to three after the last: SQL texts are short.
        var first = script.FindIndex(h => h.Op != ' ');
        if (first < 0)
        {
            return "";
        }

        var last = script.FindLastIndex(h => h.Op != ' ');
        var hunk = script.GetRange(Math.Max(0, first - Context), Math.Min(script.Count, last + Context + 1) - Math.Max(0, first - Context));
        var aCount = hunk.Count(h => h.Op != '+');
        var bCount = hunk.Count(h => h.Op != '-');
        var text = new StringBuilder();
        text.Append("--- ").Append(fromLabel).Append('\n').Append("+++ ").Append(toLabel).Append('\n');
        text.Append("@@ -").Append(hunk[0].A + (aCount > 0 ? 1 : 0)).Append(',').Append(aCount)
            .Append(" +").Append(hunk[0].B + (bCount > 0 ? 1 : 0)).Append(',').Append(bCount).Append(" @@\n");
        foreach (var (op, line, _, _) in hunk)
        {
            text.Append(op).Append(line).Append('\n');
        }

        return text.ToString();
    }

    private static string[] Lines(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
}
