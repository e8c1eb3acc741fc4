using System.Text;
using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Export;

/// <summary>
/// Writes a view as a Graphviz DOT digraph drawn left to right: datasets as cylinders, jobs as ellipses, fields as
/// small boxes with dashed column-lineage edges, runs as notes. A dataset's or field's label lists its tags, those put
/// there first, then those propagated along lineage with their origin (<c>email:pii (propagated from
/// customers.email)</c>), and a node a tag reached is outlined twice. Render it with <c>dot -Tsvg lineage.dot</c>.
/// </summary>
public sealed class DotExporter : ILineageExporter
{
    /// <summary>The format name: <c>dot</c>.</summary>
    public string Format => "dot";

    /// <summary>Writes the view as one <c>digraph</c>; node ids are the quoted Marquez node ids.</summary>
    public void Write(LineageView view, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(output);
        output.Write("digraph lineage {\n");
        output.Write("  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=11, nodesep=0.3, ranksep=0.6");
        if (view.Partial)
        {
            output.Write(", label=\"partial: the query's node budget cut this lineage short\", labelloc=t");
        }

        output.Write("];\n");
        output.Write("  node [fontname=\"Helvetica\", fontsize=10, style=filled, color=\"#44546a\"];\n");
        output.Write("  edge [color=\"#5b6b7f\", arrowsize=0.7];\n");
        foreach (var node in view.Nodes)
        {
            output.Write("  ");
            output.Write(Id(node.Id));
            output.Write(" [");
            output.Write(Attributes(node, node.Id == view.Root));
            output.Write("];\n");
        }

        foreach (var edge in view.Edges)
        {
            output.Write("  ");
            output.Write(Id(edge.From));
            output.Write(" -> ");
            output.Write(Id(edge.To));
            output.Write(edge.Kind switch
            {
                EdgeKind.ColumnLineage => ColumnEdge(edge),
                EdgeKind.DatasetColumnLineage => " [style=dotted, color=\"#9aa5b1\"]",
                EdgeKind.RunOf => " [style=dashed, arrowhead=none, color=\"#9aa5b1\"]",
                _ => "",
            });
            output.Write(";\n");
        }

        output.Write("}\n");
    }

    private static string Attributes(LineageViewNode node, bool root)
    {
        var (shape, fill, label) = node.Kind switch
        {
            NodeKind.Dataset => ("cylinder", "#dbe9f7", Shorten(node.Id.Name) + "\n" + Shorten(node.Id.Namespace)),
            NodeKind.Job => ("ellipse", node.Failed ? "#f8d7da" : "#e6f4ea", Shorten(node.Id.Name) + "\n" + Shorten(node.Id.Namespace)),
            NodeKind.DatasetField => ("box", "#f4f6f8", Shorten(node.Label) + (node.Field?.Type is { } type ? "\n" + Shorten(type) : "")),
            _ => ("note", node.Failed ? "#f8d7da" : "#fff8e1", "run " + node.Id.Name + "\n" + Formats.State(node.Run?.State)),
        };
        foreach (var line in Formats.TagLines(node))
        {
            label += "\n" + Shorten(line);
        }

        var text = new StringBuilder();
        text.Append("shape=").Append(shape).Append(", fillcolor=\"").Append(fill).Append("\", label=").Append(Quote(label));
        if (node.Classifications.Any(c => c.Propagated))
        {
            // A node a tag reached along lineage is outlined twice, so it stands out from one the tag was put on.
            text.Append(", peripheries=2");
        }
        if (node.Kind == NodeKind.DatasetField)
        {
            text.Append(", fontsize=9, height=0.3");
        }

        if (node.Deleted)
        {
            text.Append(", style=\"filled,dashed\"");
        }

        if (root)
        {
            text.Append(", penwidth=2.5");
        }

        return text.ToString();
    }

    private static string ColumnEdge(LineageEdge edge)
    {
        var label = string.Join(", ", edge.Transformations.Select(t => t.Subtype ?? t.Type).Distinct(StringComparer.Ordinal));
        var text = " [style=dashed, color=" + (edge.IsMasking ? "\"#8e44ad\"" : "\"#9aa5b1\"");
        if (label.Length > 0)
        {
            text += ", label=" + Quote(label + (edge.IsMasking ? " (masked)" : "")) + ", fontsize=8";
        }

        return text + "]";
    }

    /// <summary>The longest name shown in a label before it is cut with an ellipsis; the node's id always keeps the whole name.</summary>
    public const int MaxLabelLength = 120;

    // Graphviz refuses a quoted string longer than 16,384 characters (the whole graph then fails to render), but joins
    // "a" + "b": a node id, which must stay whole so it names the node exactly, is written in pieces well under that.
    private const int MaxQuotedPiece = 8_000;

    private static string Id(NodeId id)
    {
        var quoted = Quote(id.ToString());
        if (quoted.Length <= MaxQuotedPiece)
        {
            return quoted;
        }

        var pieces = new StringBuilder(quoted.Length + (quoted.Length / MaxQuotedPiece * 5));
        var start = 1; // inside the opening quote
        while (start < quoted.Length - 1)
        {
            var end = Math.Min(quoted.Length - 1, start + MaxQuotedPiece);

            // Never cut between a backslash and what it escapes, nor between the halves of a surrogate pair.
            while (end < quoted.Length - 1 && (char.IsLowSurrogate(quoted[end]) || TrailingBackslashes(quoted, start, end) % 2 == 1))
            {
                end--;
            }

            pieces.Append(pieces.Length == 0 ? "\"" : " + \"").Append(quoted, start, end - start).Append('"');
            start = end;
        }

        return pieces.ToString();

        static int TrailingBackslashes(string text, int from, int end)
        {
            var count = 0;
            for (var i = end - 1; i >= from && text[i] == '\\'; i--)
            {
                count++;
            }

            return count;
        }
    }

    // Long names are cut for the eye, at a whole character, with an ellipsis: a 16 KB name is still its own node.
    private static string Shorten(string text)
    {
        if (text.Length <= MaxLabelLength)
        {
            return text;
        }

        var end = MaxLabelLength;
        if (char.IsLowSurrogate(text[end]))
        {
            end--;
        }

        return text[..end] + "…";
    }

    // The one place user text enters DOT: a double-quoted string where only \ and " are special to the lexer.
    // Backslashes are doubled so label escapes (\N, \G, \l) cannot fire, newlines become DOT's \n line break,
    // and other control characters are replaced so the file stays one statement per line.
    private static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2);
        quoted.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    quoted.Append("\\\"");
                    break;
                case '\\':
                    quoted.Append("\\\\");
                    break;
                case '\n':
                    quoted.Append("\\n");
                    break;
                case '\r':
                    break;
                default:
                    quoted.Append(char.IsControl(c) ? '\uFFFD' : c);
                    break;
            }
        }

        return quoted.Append('"').ToString();
    }
}
