using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Serialization;
using Tributary.Json;

namespace Tributary.Model;

/// <summary>
/// Names any node of the lineage graph in Marquez's textual form: <c>dataset:ns:name</c>, <c>job:ns:name</c>,
/// <c>datasetField:ns:dataset:field</c> or <c>run:uuid</c>. Namespaces may contain <c>:</c> (as in
/// <c>postgres://host:5432</c>); parsing tells a scheme's <c>://</c> and a port's <c>:5432</c> from the delimiter.
/// Where that is not enough (an AWS Glue namespace <c>arn:aws:glue:…</c>, a name with <c>:</c>), <see cref="ToString"/>
/// writes the parts with <c>:</c> and <c>%</c> escaped (<c>%3A</c>, <c>%25</c>), so <see cref="ToString"/> and
/// <see cref="Parse"/> round-trip for any namespace, name and field.
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
                if (!TrySplit(rest, 2, out var parts))
                {
                    error = $"'{text}': expected {prefix}:namespace:name (a ':' or '%' inside a part written as %3A or %25).";
                    return false;
                }

                id = new NodeId(prefix == "job" ? NodeKind.Job : NodeKind.Dataset, parts[0], parts[1], null);
                return true;
            case "datasetField":
                if (!TrySplit(rest, 3, out parts))
                {
                    error = $"'{text}': expected datasetField:namespace:dataset:field (a ':' or '%' inside a part written as %3A or %25).";
                    return false;
                }

                id = new NodeId(NodeKind.DatasetField, parts[0], parts[1], parts[2]);
                return true;
            default:
                error = $"'{text}': unknown node kind '{prefix}'; expected dataset, job, datasetField or run.";
                return false;
        }
    }

    // The parts of an id after its kind. With exactly the delimiters the kind needs, each ':' is one and every part is
    // unescaped (%3A is ':', %25 is '%'): the unambiguous form ToString writes whenever the plain one would not read
    // back. With more colons it is the plain (Marquez) form: the field is after the last ':', and the namespace ends at
    // the first ':' that is neither a scheme's "://" nor a port's, as in postgres://db:5432.
    private static bool TrySplit(string text, int count, out string[] parts)
    {
        parts = new string[count];
        var colons = 0;
        foreach (var c in text)
        {
            colons += c == ':' ? 1 : 0;
        }

        if (colons == count - 1)
        {
            var at = 0;
            for (var i = 0; i < count; i++)
            {
                var next = i == count - 1 ? text.Length : text.IndexOf(':', at);
                parts[i] = Unescape(text[at..next]);
                at = next + 1;
            }
        }
        else
        {
            var datasetPart = text;
            if (count == 3)
            {
                var last = text.LastIndexOf(':');
                if (last <= 0)
                {
                    return false;
                }

                parts[2] = Unescape(text[(last + 1)..]);
                datasetPart = text[..last];
            }

            if (!SplitNamespace(datasetPart, out var ns, out var name))
            {
                return false;
            }

            parts[0] = Unescape(ns);
            parts[1] = Unescape(name);
        }

        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                return false;
            }
        }

        return true;
    }

    // A ':' is the namespace delimiter unless it belongs to a URI scheme ("://") or introduces a port
    // (digits followed by '/', ':' or the end of a namespace that still has a delimiter after it).
    private static bool SplitNamespace(string text, out string ns, out string name)
    {
        var at = NamespaceEnd(text);
        if (at <= 0)
        {
            ns = name = "";
            return false;
        }

        ns = text[..at];
        name = text[(at + 1)..];
        return true;
    }

    private static int NamespaceEnd(ReadOnlySpan<char> text)
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

            return i;
        }

        return fallback;
    }

    // Whether the plain text reads back as this node, worked out without parsing it (ids are written often).
    private bool PlainReadsBack(string plain, int prefixLength)
    {
        var field = Field ?? "";
        if (Namespace.Contains('%', StringComparison.Ordinal) || Name.Contains('%', StringComparison.Ordinal) || field.Contains('%', StringComparison.Ordinal))
        {
            return TryParse(plain, out var back, out _) && back == this; // an escape-like sequence may be read: ask the parser
        }

        var colons = Namespace.AsSpan().Count(':') + Name.AsSpan().Count(':') + field.AsSpan().Count(':');
        if (colons == 0)
        {
            return Namespace.Length > 0 && Name.Length > 0 && (Kind != NodeKind.DatasetField || field.Length > 0);
        }

        if (Kind == NodeKind.DatasetField && (field.Contains(':', StringComparison.Ordinal) || field.Length == 0))
        {
            return false; // the field is whatever follows the last ':'
        }

        var datasetPart = plain.AsSpan(prefixLength, Namespace.Length + 1 + Name.Length);
        return Name.Length > 0 && NamespaceEnd(datasetPart) == Namespace.Length;
    }

    // Only the two escapes the unambiguous form writes are read: any other '%' (a literal %2F in a name) stays as it is,
    // so the plain ids of names with percent signs keep meaning what they meant.
    private static string Unescape(string part)
    {
        if (part.IndexOf('%', StringComparison.Ordinal) < 0)
        {
            return part;
        }

        var text = new StringBuilder(part.Length);
        for (var i = 0; i < part.Length; i++)
        {
            if (part[i] == '%' && i + 2 < part.Length && part[i + 1] == '2' && part[i + 2] == '5')
            {
                text.Append('%');
                i += 2;
            }
            else if (part[i] == '%' && i + 2 < part.Length && part[i + 1] == '3' && part[i + 2] is 'A' or 'a')
            {
                text.Append(':');
                i += 2;
            }
            else
            {
                text.Append(part[i]);
            }
        }

        return text.ToString();
    }

    private static string Escape(string part)
    {
        if (part.AsSpan().IndexOfAny(':', '%') < 0)
        {
            return part;
        }

        return part.Replace("%", "%25", StringComparison.Ordinal).Replace(":", "%3A", StringComparison.Ordinal);
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

    /// <summary>
    /// The textual form, for example <c>dataset:postgres://db:5432:public.orders</c>: Marquez's plain form whenever it
    /// reads back as this node, else the unambiguous form, in which each part has its ':' written as <c>%3A</c> and its
    /// '%' as <c>%25</c> (<c>dataset:arn%3Aaws%3Aglue%3Aus-east-1%3A123456789012:sales.orders</c>).
    /// <see cref="Parse"/> reads both, so the text always names exactly this node.
    /// </summary>
    public override string ToString()
    {
        if (Kind == NodeKind.Run)
        {
            return "run:" + Name;
        }

        var prefix = Kind switch
        {
            NodeKind.Dataset => "dataset:",
            NodeKind.Job => "job:",
            NodeKind.DatasetField => "datasetField:",
            _ => "",
        };
        if (prefix.Length == 0)
        {
            return "";
        }

        var plain = Kind == NodeKind.DatasetField ? prefix + Namespace + ":" + Name + ":" + Field : prefix + Namespace + ":" + Name;
        if (PlainReadsBack(plain, prefix.Length))
        {
            return plain;
        }

        return Kind == NodeKind.DatasetField
            ? prefix + Escape(Namespace) + ":" + Escape(Name) + ":" + Escape(Field ?? "")
            : prefix + Escape(Namespace) + ":" + Escape(Name);
    }

    /// <summary>The text after the kind (<c>namespace:name</c>, or <c>namespace:dataset:field</c>), as <see cref="DatasetId"/>, <see cref="JobId"/> and <see cref="FieldId"/> write themselves.</summary>
    internal string TextAfterKind()
    {
        var text = ToString();
        return text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..];
    }
}
