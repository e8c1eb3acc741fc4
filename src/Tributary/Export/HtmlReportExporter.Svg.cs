using System.Text;
using Tributary.Graph;
using Tributary.Model;
using Tributary.Query;

namespace Tributary.Export;

public static partial class HtmlReportExporter
{
    private const double NodeWidth = 180, NodeHeight = 40, ColumnWidth = 250, RowHeight = 56, Margin = 20;

    // Draws datasets and jobs with the layered layout; when there are more than the cap, the best-connected
    // nodes are drawn and the report says how many were left out.
    private static void WriteGraph(LineageView view, TextWriter output, int maxNodes, IReadOnlyDictionary<NodeId, string>? incidents = null, IReadOnlyDictionary<NodeId, string>? personal = null)
    {
        incidents ??= new Dictionary<NodeId, string>();
        personal ??= new Dictionary<NodeId, string>();
        var candidates = view.Nodes.Where(n => n.Kind is NodeKind.Dataset or NodeKind.Job).ToList();
        if (candidates.Count == 0)
        {
            output.Write("<p class=\"muted\">The graph is empty.</p>\n");
            return;
        }

        var degree = new Dictionary<NodeId, int>();
        foreach (var edge in view.Edges)
        {
            degree[edge.From] = degree.GetValueOrDefault(edge.From) + 1;
            degree[edge.To] = degree.GetValueOrDefault(edge.To) + 1;
        }

        var drawn = candidates;
        if (candidates.Count > maxNodes)
        {
            drawn = [.. candidates.OrderByDescending(n => n.Id == view.Root).ThenByDescending(n => degree.GetValueOrDefault(n.Id)).ThenBy(n => n.Id).Take(Math.Max(1, maxNodes))];
            drawn.Sort((a, b) => a.Id.CompareTo(b.Id));
            output.Write("<p class=\"muted\">Showing the " + Formats.Count(drawn.Count) + " best-connected of " + Formats.Count(candidates.Count)
                + " datasets and jobs; export the graph as DOT or JSON to see all of it.</p>\n");
        }

        var index = new Dictionary<NodeId, int>(drawn.Count);
        for (var i = 0; i < drawn.Count; i++)
        {
            index[drawn[i].Id] = i;
        }

        var edges = view.Edges
            .Where(e => e.Kind is EdgeKind.Read or EdgeKind.Write && index.ContainsKey(e.From) && index.ContainsKey(e.To))
            .Select(e => (index[e.From], index[e.To])).Distinct().ToList();
        var layout = LayeredLayout.Compute(drawn.Count, edges);
        var perLayer = new int[layout.LayerCount];
        foreach (var l in layout.Layer)
        {
            perLayer[l]++;
        }

        double X(int v) => Margin + (layout.Layer[v] * ColumnWidth);
        double Y(int v) => Margin + ((layout.MaxSlots - perLayer[layout.Layer[v]]) * RowHeight / 2) + (layout.Slot[v] * RowHeight);
        var width = (2 * Margin) + ((layout.LayerCount - 1) * ColumnWidth) + NodeWidth;
        var height = (2 * Margin) + (layout.MaxSlots * RowHeight) - (RowHeight - NodeHeight);

        // The drawing scales down to the page's width (never up), so a pipeline a few layers wider than the page is
        // seen whole; below half size labels stop being readable, so a wider graph keeps half size and scrolls.
        output.Write("<div class=\"scroll\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"lineage graph\" width=\"100%\" viewBox=\"0 0 "
            + N(width) + " " + N(height) + "\" style=\"display:block;height:auto;max-width:" + N(width) + "px;min-width:" + N(Math.Round(width / 2)) + "px\">\n");
        output.Write("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#7b8794\" /></marker></defs>\n");
        output.Write("<g fill=\"none\" stroke=\"#9aa5b1\" stroke-width=\"1.3\">\n");
        foreach (var route in layout.Routes)
        {
            if (route[0] == route[^1])
            {
                continue;
            }

            // Points: the source's exit side, the dummy nodes' centres, the target's entry side; a backward edge
            // (from a cycle) leaves from the left and enters from the right.
            var points = new (double X, double Y)[route.Length];
            for (var i = 0; i < route.Length; i++)
            {
                var v = route[i];
                var x = X(v) + (NodeWidth / 2);
                if (v < drawn.Count && (i == 0 || i == route.Length - 1))
                {
                    var other = i == 0 ? route[1] : route[i - 1];
                    var forward = i == 0 ? layout.Layer[other] >= layout.Layer[v] : layout.Layer[v] >= layout.Layer[other];
                    x = X(v) + ((i == 0) == forward ? NodeWidth : 0);
                }

                points[i] = (x, Y(v) + (NodeHeight / 2));
            }

            var path = new StringBuilder();
            path.Append('M').Append(N(points[0].X)).Append(',').Append(N(points[0].Y));
            for (var i = 1; i < points.Length; i++)
            {
                var (px, py) = points[i - 1];
                var (x, y) = points[i];
                var bend = Math.Max(30, Math.Abs(x - px) / 2) * (x >= px ? 1 : -1);
                path.Append(" C").Append(N(px + bend)).Append(',').Append(N(py)).Append(' ').Append(N(x - bend)).Append(',').Append(N(y))
                    .Append(' ').Append(N(x)).Append(',').Append(N(y));
            }

            output.Write("<path d=\"" + path + "\" marker-end=\"url(#arrow)\" />\n");
        }

        output.Write("</g>\n");
        for (var v = 0; v < drawn.Count; v++)
        {
            var node = drawn[v];
            var dataset = node.Kind == NodeKind.Dataset;
            var incident = incidents.GetValueOrDefault(node.Id);
            var pii = personal.GetValueOrDefault(node.Id);
            var fill = node.Failed || incident is not null ? "#f8d7da" : dataset ? "#dbe9f7" : "#e6f4ea";
            var stroke = node.Failed || incident is not null ? "#b3261e" : dataset ? "#3e6a9a" : "#2f7d4a";
            var x = X(v);
            var y = Y(v);
            output.Write("<g" + (incident is null ? "" : " class=\"incident\"") + (pii is null ? "" : " data-pii=\"true\"") + "><title>" + HtmlText.Escape(node.Id.ToString()) + (node.Failed ? " (latest run failed)" : "")
                + (incident is null ? "" : "\n" + HtmlText.Escape(incident)) + (pii is null ? "" : "\n" + HtmlText.Escape(pii)) + "</title>");
            output.Write("<rect x=\"" + N(x) + "\" y=\"" + N(y) + "\" width=\"" + N(NodeWidth) + "\" height=\"" + N(NodeHeight) + "\" rx=\"" + (dataset ? "4" : "18")
                + "\" fill=\"" + fill + "\" stroke=\"" + stroke + "\"" + (node.Deleted ? " stroke-dasharray=\"4 3\"" : "") + (node.Id == view.Root || incident is not null ? " stroke-width=\"3\"" : "") + " />");
            if (incident is not null)
            {
                output.Write("<g><rect x=\"" + N(x + NodeWidth - 22) + "\" y=\"" + N(y - 8) + "\" width=\"18\" height=\"16\" rx=\"8\" fill=\"#b3261e\" /><text x=\"" + N(x + NodeWidth - 13) + "\" y=\"" + N(y + 4)
                    + "\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"700\" fill=\"#fff\">!</text></g>");
            }

            if (pii is not null)
            {
                output.Write("<g><rect x=\"" + N(x + 4) + "\" y=\"" + N(y - 8) + "\" width=\"26\" height=\"14\" rx=\"3\" fill=\"#7a4cc2\" /><text x=\"" + N(x + 17) + "\" y=\"" + N(y + 3)
                    + "\" text-anchor=\"middle\" font-size=\"9\" font-weight=\"700\" fill=\"#fff\">PII</text></g>");
            }

            output.Write("<text x=\"" + N(x + (NodeWidth / 2)) + "\" y=\"" + N(y + 17) + "\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1f2933\">" + HtmlText.Escape(Shorten(node.Id.Name, 26)) + "</text>");
            output.Write("<text x=\"" + N(x + (NodeWidth / 2)) + "\" y=\"" + N(y + 32) + "\" text-anchor=\"middle\" font-size=\"10\" fill=\"#627d98\">" + (dataset ? "▭ " : "⚙ ")
                + HtmlText.Escape(Shorten(node.Id.Namespace, 28)) + "</text></g>\n");
        }

        output.Write("</svg></div>\n");
    }

    // A scatter of finished runs: start time across, duration up, failures in red.
    private static void WriteDurationChart(IReadOnlyList<RunInfo> runs, TextWriter output)
    {
        var finished = runs.Where(r => r.Duration is not null).OrderBy(r => r.StartedAt).ThenBy(r => r.Id).ToList();
        if (finished.Count == 0)
        {
            output.Write("<p class=\"muted\">No finished runs.</p>\n");
            return;
        }

        var chart = new Chart(finished[0].StartedAt, finished[^1].StartedAt, finished.Max(r => r.Duration!.Value.TotalMilliseconds));
        output.Write(chart.Open("run durations", Formats.Milliseconds));
        foreach (var run in finished)
        {
            var ms = run.Duration!.Value.TotalMilliseconds;
            output.Write("<circle cx=\"" + N(chart.X(run.StartedAt)) + "\" cy=\"" + N(chart.Y(ms)) + "\" r=\"4\" fill=\"" + (run.Failed ? "#d64545" : "#3e6a9a")
                + "\" fill-opacity=\"0.75\"><title>" + HtmlText.Escape(run.Job.ToString()) + " · " + Formats.State(run.State) + " · " + Formats.Duration(run.Duration)
                + " · " + Formats.Readable(run.StartedAt) + "</title></circle>\n");
        }

        output.Write(Legend(chart, ("#3e6a9a", "succeeded"), ("#d64545", "failed or aborted")) + "</svg>\n");
    }

    // Rows read and written by jobs per time bucket, as paired bars.
    private static void WriteVolumeChart(VolumeFlowReport volume, TextWriter output)
    {
        var buckets = volume.Jobs.GroupBy(b => b.Start).OrderBy(g => g.Key)
            .Select(g => (Start: g.Key, In: g.Sum(b => b.RowsIn), Out: g.Sum(b => b.RowsOut))).Where(b => b.In > 0 || b.Out > 0).ToList();
        if (buckets.Count == 0)
        {
            output.Write("<p class=\"muted\">No row counts reported (inputStatistics or outputStatistics facets).</p>\n");
            return;
        }

        var chart = new Chart(buckets[0].Start, buckets[^1].Start + volume.Bucket, buckets.Max(b => Math.Max(b.In, b.Out)));
        output.Write(chart.Open("rows per " + Formats.Duration(volume.Bucket), v => Formats.Count((long)v)));
        var slot = Math.Max(4, chart.X(buckets[0].Start + volume.Bucket) - chart.X(buckets[0].Start));
        var bar = Math.Min(24, (slot / 2) - 1);
        foreach (var (start, rowsIn, rowsOut) in buckets)
        {
            var x = chart.X(start) + (slot / 2) - bar;
            foreach (var (value, offset, color, label) in new[] { (rowsIn, 0.0, "#8fb3d9", "read"), (rowsOut, bar, "#2f7d4a", "written") })
            {
                var y = chart.Y(value);
                output.Write("<rect x=\"" + N(x + offset) + "\" y=\"" + N(y) + "\" width=\"" + N(bar) + "\" height=\"" + N(chart.Bottom - y) + "\" fill=\"" + color
                    + "\"><title>" + Formats.Readable(start) + ": " + Formats.Count(value) + " rows " + label + "</title></rect>\n");
            }
        }

        output.Write(Legend(chart, ("#8fb3d9", "rows read"), ("#2f7d4a", "rows written")) + "</svg>\n");
    }

    private static string Legend(Chart chart, params (string Color, string Label)[] items)
    {
        var text = new StringBuilder();
        var x = chart.Left;
        foreach (var (color, label) in items)
        {
            text.Append("<rect x=\"").Append(N(x)).Append("\" y=\"6\" width=\"10\" height=\"10\" fill=\"").Append(color).Append("\" />");
            text.Append("<text x=\"").Append(N(x + 14)).Append("\" y=\"15\" font-size=\"11\" fill=\"#52606d\">").Append(label).Append("</text>");
            x += 30 + (label.Length * 6.5);
        }

        return text.Append('\n').ToString();
    }

    private static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[max - 2]) ? max - 2 : max - 1;
        return text[..cut] + "…";
    }

    private static string N(double value) => Formats.Number(Math.Round(value, 1), "0.#");
}
