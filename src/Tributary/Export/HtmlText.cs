using System.Text;

namespace Tributary.Export;

// The one place user text enters HTML and SVG (text and attribute values alike): the five XML specials become
// entities, unpaired surrogates become U+FFFD, and control and bidi characters are written as visible \u escapes, so
// the report stays well-formed, nothing a user named can become markup or script, and no name can reorder the text.
internal static class HtmlText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var escaped = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
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
                case '"':
                    escaped.Append("&quot;");
                    break;
                case '\'':
                    escaped.Append("&#39;");
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        escaped.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
                    {
                        escaped.Append('\uFFFD');
                    }
                    else if (VisibleText.IsUnsafe(c) && c is not '\n' and not '\t')
                    {
                        // Controls, and the bidi overrides that would make a name read backwards, are shown, not obeyed.
                        escaped.Append(VisibleText.Escape(c.ToString()));
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
}
