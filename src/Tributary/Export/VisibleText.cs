using System.Text;

namespace Tributary.Export;

/// <summary>
/// Makes text that came from a producer (names, owners, error messages) safe to show: control characters (C0, DEL,
/// C1: ESC, BEL, backspace, carriage return, ...) and the Unicode controls that reorder or hide what follows them (the
/// bidi embeddings, overrides and isolates, the directional marks, the line and paragraph separators) are written as
/// visible escapes such as <c>\u001b</c> and <c>\u202e</c>. A terminal then shows the name as written instead of
/// obeying it, and a report cannot be made to read differently from what it holds.
/// </summary>
public static class VisibleText
{
    /// <summary>True for a character <see cref="Escape(string?, bool)"/> shows as an escape.</summary>
    public static bool IsUnsafe(char c) =>
        c < ' ' || (c >= '\u007F' && c <= '\u009F')
        || c is '\u061C' or '\u200E' or '\u200F' or '\u2028' or '\u2029'
        || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');

    /// <summary>
    /// The text with every unsafe character (see <see cref="IsUnsafe"/>) written as <c>\uXXXX</c>; with
    /// <paramref name="keepLineBreaks"/>, line feeds and tabs stay as they are (for multi-line text such as a report
    /// printed to a terminal). Returns the same instance when there is nothing to escape.
    /// </summary>
    public static string Escape(string? text, bool keepLineBreaks = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var first = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]) && !(keepLineBreaks && text[i] is '\n' or '\t'))
            {
                first = i;
                break;
            }
        }

        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (IsUnsafe(c) && !(keepLineBreaks && c is '\n' or '\t'))
            {
                escaped.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
