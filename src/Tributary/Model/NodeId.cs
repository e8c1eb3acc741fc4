using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Tributary.Json;

namespace Tributary.Model;

/// <summary>
/// Names any node of the lineage graph in Marquez's textual form: <c>dataset:ns:name</c>, <c>job:ns:name</c>,
/// <c>datasetField:ns:dataset:field</c> or <c>run:uuid</c>. Namespaces may contain <c>:</c> (as in
/// <c>postgres://host:5432</c>); parsing tells a scheme's <c>://</c> and a port's <c>:5432</c> from the delimiter,
/// so <see cref="ToString"/> and <see cref="Parse"/> round-trip.
/// </summary>
[JsonConverter(typeof(NodeIdJsonConverter))]
public readonly record struct NodeId : IComparable<NodeId>
{
    private NodeId(NodeKind kind, string ns, string name, string? field)
    {
        Kind = kind;
        Namespace = ns;
        Name = name;
        Field = field;
    }

    /// <summary>What the node stands for.</summary>
    public NodeKind Kind { get; }

    /// <summary>The namespace of the dataset or job; empty for a run.</summary>
    public string Namespace { get; }

    /// <summary>The dataset or job name, or the run's UUID text.</summary>
    public string Name { get; }

    /// <summary>The field name for a <see cref="NodeKind.DatasetField"/> node; null otherwise.</summary>
    public string? Field { get; }

    /// <summary>The node of a dataset.</summary>
    public static NodeId From(DatasetId dataset) => new(NodeKind.Dataset, dataset.Namespace, dataset.Name, null);

    /// <summary>The node of a job.</summary>
    public static NodeId From(JobId job) => new(NodeKind.Job, job.Namespace, job.Name, null);

    /// <summary>The node of a dataset field.</summary>
    public static NodeId From(FieldId field) => new(NodeKind.DatasetField, field.Dataset.Namespace, field.Dataset.Name, field.Name);

    /// <summary>The node of a run.</summary>
    public static NodeId From(RunId run) => new(NodeKind.Run, "", run.ToString(), null);

    /// <summary>The dataset this node names (for a field node, the field's dataset); throws for jobs and runs.</summary>
    public DatasetId AsDataset() => Kind is NodeKind.Dataset or NodeKind.DatasetField
        ? new DatasetId(Namespace, Name)
        : throw new InvalidOperationException($"{this} is not a dataset node.");

    /// <summary>The job this node names; throws for other kinds.</summary>
    public JobId AsJob() => Kind == NodeKind.Job ? new JobId(Namespace, Name) : throw new InvalidOperationException($"{this} is not a job node.");

    /// <summary>The field this node names; throws for other kinds.</summary>
    public FieldId AsField() => Kind == NodeKind.DatasetField
        ? new FieldId(new DatasetId(Namespace, Name), Field!)
        : throw new InvalidOperationException($"{this} is not a datasetField node.");

    /// <summary>The run this node names; throws for other kinds.</summary>
    public RunId AsRun() => Kind == NodeKind.Run ? RunId.Parse(Name) : throw new InvalidOperationException($"{this} is not a run node.");

    /// <summary>Parses Marquez's textual node id; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static NodeId Parse(string text) =>
        TryParse(text, out var id, out var error) ? id : throw new FormatException(error);

    /// <summary>Parses Marquez's textual node id, returning false when it is not one.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out NodeId id) => TryParse(text, out id, out _);

    /// <summary>Parses Marquez's textual node id; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out NodeId id, out string error)
    {
        id = default;
        error = "";
        if (string.IsNullOrEmpty(text))
        {
            error = "A node id is empty; expected dataset:ns:name, job:ns:name, datasetField:ns:dataset:field or run:uuid.";
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var prefix = colon < 0 ? text : text[..colon];
        var rest = colon < 0 ? "" : text[(colon + 1)..];
        switch (prefix)
        {
            case "run":
                if (!RunId.TryParse(rest, out var run))
                {
                    error = $"'{text}': a run node id needs a UUID after 'run:'.";
                    return false;
                }

                id = From(run);
                return true;
            case "dataset" or "job":
                if (!SplitNamespace(rest, out var ns, out var name) || name.Length == 0)
                {
                    error = $"'{text}': expected {prefix}:namespace:name.";
                    return false;
                }

                id = new NodeId(prefix == "job" ? NodeKind.Job : NodeKind.Dataset, ns, name, null);
                return true;
            case "datasetField":
                var last = rest.LastIndexOf(':');
                if (last <= 0 || last == rest.Length - 1 || !SplitNamespace(rest[..last], out var fns, out var dataset) || dataset.Length == 0)
                {
                    error = $"'{text}': expected datasetField:namespace:dataset:field.";
                    return false;
                }

                id = new NodeId(NodeKind.DatasetField, fns, dataset, rest[(last + 1)..]);
                return true;
            default:
                error = $"'{text}': unknown node kind '{prefix}'; expected dataset, job, datasetField or run.";
                return false;
        }
    }

    // A ':' is the namespace delimiter unless it belongs to a URI scheme ("://") or introduces a port
    // (digits followed by '/', ':' or the end of a namespace that still has a delimiter after it).
    private static bool SplitNamespace(string text, out string ns, out string name)
    {
        var fallback = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != ':')
            {
                continue;
            }

            if (i + 2 < text.Length && text[i + 1] == '/' && text[i + 2] == '/')
            {
                continue;
            }

            var j = i + 1;
            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
            }

            var looksLikePort = j > i + 1 && j < text.Length && (text[j] == ':' || text[j] == '/');
            if (looksLikePort)
            {
                fallback = fallback < 0 ? i : fallback;
                continue;
            }

            ns = text[..i];
            name = text[(i + 1)..];
            return ns.Length > 0;
        }

        if (fallback > 0)
        {
            ns = text[..fallback];
            name = text[(fallback + 1)..];
            return true;
        }

        ns = name = "";
        return false;
    }

    /// <summary>Orders by kind, namespace, name and field with ordinal comparison, so exports are byte-stable.</summary>
    public int CompareTo(NodeId other)
    {
        var c = ((int)Kind).CompareTo((int)other.Kind);
        if (c == 0) c = string.CompareOrdinal(Namespace, other.Namespace);
        if (c == 0) c = string.CompareOrdinal(Name, other.Name);
        if (c == 0) c = string.CompareOrdinal(Field, other.Field);
        return c;
    }

    /// <summary>The Marquez textual form, for example <c>dataset:postgres://db:5432:public.orders</c>.</summary>
    public override string ToString() => Kind switch
    {
        NodeKind.Dataset => "dataset:" + Namespace + ":" + Name,
        NodeKind.Job => "job:" + Namespace + ":" + Name,
        NodeKind.DatasetField => "datasetField:" + Namespace + ":" + Name + ":" + Field,
        NodeKind.Run => "run:" + Name,
        _ => "",
    };
}
