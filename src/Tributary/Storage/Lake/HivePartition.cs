using System.Text;

namespace Tributary.Storage.Lake;

/// <summary>
/// Hive-style partition folder names (<c>key=value</c>) with Hive's percent-encoding, so any value (a dataset name
/// with <c>../</c>, slashes, colons or control characters) becomes one safe folder name inside the lake, and
/// readers such as DuckDB, Spark and Trino decode it back to the original text.
/// </summary>
public static class HivePartition
{
    /// <summary>The folder name for <paramref name="key"/> = <paramref name="value"/>, both percent-encoded.</summary>
    public static string Segment(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        return Encode(key) + "=" + Encode(value);
    }

    /// <summary>Splits a folder name made by <see cref="Segment"/> into its decoded key and value; false when it is not <c>key=value</c>.</summary>
    public static bool TryParse(string segment, out string key, out string value)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var equals = segment.IndexOf('=', StringComparison.Ordinal);
        key = equals > 0 ? Decode(segment[..equals]) : "";
        value = equals > 0 ? Decode(segment[(equals + 1)..]) : "";
        return equals > 0;
    }

    /// <summary>
    /// Percent-encodes the characters Hive escapes in partition values (<c>"#%'*/:=?\{[]^</c>, DEL and control
    /// characters) plus those Windows forbids in file names (<c>&lt;&gt;|</c>); a leading dot is encoded too, so no
    /// segment can be <c>.</c>, <c>..</c> or hidden.
    /// </summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x20 || c == 0x7F || "\"#%'*/:=?\\{[]^<>|".Contains(c, StringComparison.Ordinal) || (i == 0 && c == '.'))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Length == 0 ? "__HIVE_DEFAULT_PARTITION__" : builder.ToString();
    }

    /// <summary>Reverses <see cref="Encode"/>: <c>%XX</c> becomes the character; anything else is kept.</summary>
    public static string Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "__HIVE_DEFAULT_PARTITION__")
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                builder.Append((char)Convert.ToInt32(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }
}
