using System.Text;

namespace Tributary.Export;

// The one place user text enters Markdown (impact, timeline and summary reports). Markdown renderers pass raw
// HTML through, so <, > and & become entities; characters that start emphasis, code, links or table cells are
// backslash-escaped; control characters (line breaks included, so a name can never start a heading, list or new
// table row) and bidi controls (a right-to-left override) are written as visible \u escapes.
internal static class MarkdownText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<':
                    escaped.Append("&lt;");
                    break;
                case '>':
                    escaped.Append("&gt;");
                    break;
                case '&':
                    escaped.Append("&amp;");
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '(' or ')' or '{' or '}' or '|' or '#' or '~' or '!' or '$':
                    escaped.Append('\\').Append(c);
                    break;
                default:
                    if (VisibleText.IsUnsafe(c))
                    {
                        // Controls (line breaks included) and the bidi overrides that would make a name read backwards
                        // are shown as \u escapes, the backslash itself escaped so Markdown renders it.
                        escaped.Append('\\').Append(VisibleText.Escape(c.ToString()));
                    }
                    else
                    {
                        escaped.Append(c);
                    }

                    break;
            }
        }

        return escaped.ToString();
    }

    // A table row from cells already escaped (or written by Tributary).
    public static string Row(params string[] cells) => "| " + string.Join(" | ", cells) + " |\n";

    public static string Header(params string[] cells) =>
        Row(cells) + "|" + string.Concat(cells.Select(_ => " --- |")) + "\n";
}
