using System.Text;
using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Export;

/// <summary>
/// Writes a view as a Mermaid <c>flowchart LR</c> that GitHub, GitLab and most wikis render inline. Node ids are
/// generated (<c>n0</c>, <c>n1</c>, ... in node-id order) and labels use Mermaid's <c>#quot;</c>-style entity
/// codes, so no name can break the diagram's syntax or inject markup. A dataset's or field's label lists its tags, those
/// put there first, then those propagated along lineage with their origin, and a node a tag reached has class
/// <c>propagated</c> (a dashed red outline).
/// </summary>
public sealed class MermaidExporter : ILineageExporter
{
    /// <summary>The format name: <c>mermaid</c>.</summary>
    public string Format => "mermaid";

    /// <summary>Writes the view as one flowchart: datasets as cylinders, jobs as rounded boxes, fields as boxes, runs as flags.</summary>
    public void Write(LineageView view, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(output);
        var ids = new Dictionary<NodeId, string>(view.Nodes.Count);
        var classes = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        output.Write("flowchart LR\n");
        if (view.Partial)
        {
            output.Write("  %% partial: the query's node budget cut this lineage short\n");
        }

        foreach (var node in view.Nodes)
        {
            var id = "n" + ids.Count.ToString(Formats.Invariant);
            ids.Add(node.Id, id);
            var label = node.Kind switch
            {
                NodeKind.Dataset or NodeKind.Job => Escape(node.Id.Name) + "<br/>" + Escape(node.Id.Namespace),
                NodeKind.Run => "run " + Escape(node.Id.Name) + "<br/>" + Formats.State(node.Run?.State),
                _ => Escape(node.Label),
            };
            foreach (var line in Formats.TagLines(node))
            {
                label += "<br/>" + Escape(line);
            }

            var (open, close) = node.Kind switch
            {
                NodeKind.Dataset => ("[(\"", "\")]"),
                NodeKind.Job => ("(\"", "\")"),
                NodeKind.Run => (">\"", "\"]"),
                _ => ("[\"", "\"]"),
            };
            output.Write("  " + id + open + label + close + "\n");
            AddClass(classes, node.Kind switch
            {
                NodeKind.Dataset => "dataset",
                NodeKind.Job => "job",
                NodeKind.DatasetField => "field",
                _ => "run",
            }, id);
            if (node.Deleted)
            {
                AddClass(classes, "deleted", id);
            }

            if (node.Failed)
            {
                AddClass(classes, "failed", id);
            }

            if (node.Id == view.Root)
            {
                AddClass(classes, "root", id);
            }

            if (node.Classifications.Any(c => c.Propagated))
            {
                AddClass(classes, "propagated", id);
            }
        }

        foreach (var edge in view.Edges)
        {
            var arrow = edge.Kind switch
            {
                EdgeKind.Read or EdgeKind.Write => " --> ",
                EdgeKind.RunOf => " -.- ",
                _ => " -.-> ",
            };
            output.Write("  " + ids[edge.From] + arrow + ids[edge.To] + "\n");
        }

        output.Write("  classDef dataset fill:#dbe9f7,stroke:#44546a\n");
        output.Write("  classDef job fill:#e6f4ea,stroke:#44546a\n");
        output.Write("  classDef field fill:#f4f6f8,stroke:#9aa5b1\n");
        output.Write("  classDef run fill:#fff8e1,stroke:#9aa5b1\n");
        output.Write("  classDef deleted stroke-dasharray:4 3\n");
        output.Write("  classDef failed fill:#f8d7da,stroke:#b3261e\n");
        output.Write("  classDef root stroke-width:3px\n");
        if (classes.ContainsKey("propagated"))
        {
            output.Write("  classDef propagated stroke:#b3261e,stroke-width:2px,stroke-dasharray:6 2\n");
        }

        foreach (var (name, members) in classes)
        {
            output.Write("  class " + string.Join(",", members) + " " + name + "\n");
        }
    }

    private static void AddClass(SortedDictionary<string, List<string>> classes, string name, string id)
    {
        if (!classes.TryGetValue(name, out var members))
        {
            classes.Add(name, members = []);
        }

        members.Add(id);
    }

    // The one place user text enters Mermaid: inside a quoted label, where Mermaid decodes #name; and #number;
    // entity codes. Letters, digits and a few harmless punctuation marks pass; everything else (quotes, brackets,
    // braces, pipes, angle brackets, #, ;, newlines, ...) becomes an entity code, so labels can neither end the
    // string nor carry markup.
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"':
                    escaped.Append("#quot;");
                    break;
                case '<':
                    escaped.Append("#lt;");
                    break;
                case '>':
                    escaped.Append("#gt;");
                    break;
                case '&':
                    escaped.Append("#amp;");
                    break;
                default:
                    if (Rune.IsLetterOrDigit(rune) || rune.Value is ' ' or '.' or '_' or '-' or '/' or ':' or ',' or '@' or '+' or '=')
                    {
                        escaped.Append(rune.ToString());
                    }
                    else
                    {
                        escaped.Append('#').Append(rune.Value.ToString(Formats.Invariant)).Append(';');
                    }

                    break;
            }
        }

        return escaped.ToString();
    }
}
