using System.Text;

namespace Tributary.Export;

// The axes shared by the report's time charts: time across (UTC), a value up from zero, with a few ticks.
internal sealed class Chart
{
    private const double Width = 900, Height = 260;
    private readonly DateTimeOffset _from;
    private readonly double _span;
    private readonly double _max;

    public Chart(DateTimeOffset from, DateTimeOffset to, double max)
    {
        _from = from;
        _span = Math.Max(1, (to - from).TotalSeconds);
        _max = NiceCeiling(max);
    }

    public double Left => 80;

    public double Right => Width - 20;

    public double Top => 28;

    public double Bottom => Height - 36;

    public double X(DateTimeOffset time) => Left + ((time - _from).TotalSeconds / _span * (Right - Left));

    public double Y(double value) => Bottom - (value / _max * (Bottom - Top));

    public string Open(string label, Func<double, string> format)
    {
        var text = new StringBuilder();
        text.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"").Append(label).Append("\" width=\"900\" height=\"260\" viewBox=\"0 0 900 260\" style=\"background:#fff;border:1px solid #d9e2ec;border-radius:8px\">\n");
        text.Append("<g font-size=\"10\" fill=\"#52606d\" stroke=\"none\">\n");
        for (var i = 0; i <= 4; i++)
        {
            var value = _max * i / 4;
            var y = Y(value);
            text.Append("<line x1=\"").Append(N(Left)).Append("\" x2=\"").Append(N(Right)).Append("\" y1=\"").Append(N(y)).Append("\" y2=\"").Append(N(y))
                .Append("\" stroke=\"#e4e7eb\" />");
            text.Append("<text x=\"").Append(N(Left - 6)).Append("\" y=\"").Append(N(y + 3)).Append("\" text-anchor=\"end\">").Append(format(value)).Append("</text>\n");
        }

        for (var i = 0; i <= 4; i++)
        {
            var time = _from + TimeSpan.FromSeconds(_span * i / 4);
            text.Append("<text x=\"").Append(N(X(time))).Append("\" y=\"").Append(N(Bottom + 16)).Append("\" text-anchor=\"").Append(i == 0 ? "start" : i == 4 ? "end" : "middle").Append("\">")
                .Append(time.UtcDateTime.ToString("MM-dd HH:mm", Formats.Invariant)).Append("</text>\n");
        }

        text.Append("<text x=\"").Append(N(Right)).Append("\" y=\"").Append(N(Bottom + 30)).Append("\" text-anchor=\"end\">UTC · ").Append(label).Append("</text>\n</g>\n");
        return text.ToString();
    }

    // Rounds the axis maximum up to 1, 2 or 5 times a power of ten so tick labels read cleanly.
    private static double NiceCeiling(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2, 2.5, 5, 10 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static string N(double value) => Formats.Number(Math.Round(value, 1), "0.#");
}
