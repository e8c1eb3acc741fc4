using System.CommandLine;
using Tributary.Cli.Ingestion;
using Tributary.Cli.Output;
using Tributary.Graph;
using Tributary.Json;
using Tributary.Model;
using Tributary.Query;

namespace Tributary.Cli.Commands;

/// <summary>
/// <c>tag list</c> (every tag, put there or propagated along lineage, and where propagation stopped), <c>tag add</c>
/// and <c>tag remove</c> (on a dataset, field or job) and <c>tag block</c> / <c>tag unblock</c> (stop a tag crossing a
/// job, entering a field, or taking one edge). Every change is an event through the ingest door, as the server's tag calls send.
/// </summary>
internal static class TagCommands
{
    /// <summary>The producer URI written on tag events the CLI sends.</summary>
    public const string Producer = "https://github.com/tributary-lineage/tributary/tree/0.1.0/cli/tag";

    public static Command Create()
    {
        var command = new Command("tag", "Tags (classifications) and how they propagate along lineage: list, add, remove, block, unblock.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Change("add", "Put a tag (key or key=value) on a dataset, field or job; it propagates along lineage unless blocked.", add: true));
        command.Subcommands.Add(Change("remove", "Remove a tag from a dataset, field or job; what it propagated goes with it.", add: false));
        command.Subcommands.Add(Block(block: true));
        command.Subcommands.Add(Block(block: false));
        return command;
    }

    private static Command List()
    {
        var store = CommonOptions.Store();
        var tag = new Option<string?>("--tag") { Description = "Only this tag key." };
        var notPropagated = new Option<string[]>("--not-propagated") { Description = "Tag keys that stay where they were put in this answer, besides those the settings' policies (Tributary:Classifications:Policies) keep put.", AllowMultipleArgumentsPerToken = true };
        var throughMasking = new Option<bool>("--through-masking") { Description = "Let tags pass masking transformations (hashes) too; by default they stop there." };
        var indirect = new Option<bool>("--include-indirect") { Description = "Also propagate along INDIRECT column lineage (filters, joins, grouping)." };
        var format = CommonOptions.Format("table", "table", "json", "csv");
        var output = CommonOptions.Output();
        var command = new Command("list", "Every tag on datasets and fields: put there, or propagated (with its origin, path, and coarse when it crossed a job with no column lineage), and where propagation stopped.")
        {
            store, tag, notPropagated, throughMasking, indirect, format, output, CommonOptions.AsOf(),
        };
        CommandAction.Set(command, async (result, ct) =>
        {
            var session = await CommandAction.OpenAsync(result, store, ct);
            var report = session.Engine.Classifications(new ClassificationOptions
            {
                Tag = result.GetValue(tag),
                NotPropagated = result.GetValue(notPropagated) ?? [],
                MaskingStops = !result.GetValue(throughMasking),
                IncludeIndirect = result.GetValue(indirect),
            });
            Render.Write(result.InvocationConfiguration, result.GetValue(format)!, result.GetValue(output), report, QueryJsonContext.Default.ClassificationReport, r =>
            {
                var table = new Tabular("node", "tag", "how", "origin", "path")
                {
                    Title = $"{r.Classifications.Count(c => !c.Propagated)} tag(s) put, {r.Classifications.Count(c => c.Propagated)} propagated, {r.Stops.Count} stop(s){(r.Partial ? " (partial)" : "")}",
                };
                foreach (var c in r.Classifications)
                {
                    table.Add(c.Node, TagEdits.Name(c.Tag), c.Propagated ? c.Coarse ? "propagated (coarse)" : "propagated" : "put", c.Origin, string.Join(" -> ", c.Path));
                }

                foreach (var s in r.Stops)
                {
                    table.Add(s.Node, s.Tag, "stopped: " + s.Reason + (s.BlockedBy is { } by ? " " + by : ""), s.Origin, s.From + " -> " + s.Node);
                }

                return table;
            });
        });
        return command;
    }

    private static Command Change(string name, string description, bool add)
    {
        var node = new Argument<string>("node") { Description = "A dataset, field or job: a NodeId or a unique name (customers_source.email)." };
        var tag = new Argument<string>("tag") { Description = "The tag: a key (pii) or key=value (tier=gold)." };
        var store = CommonOptions.Store();
        var command = new Command(name, description + " Stored as an event, so it is durable; a running server holding the store takes it.") { node, tag, store };
        CommandAction.Set(command, async (result, ct) =>
        {
            var session = await CommandAction.OpenAsync(result, store, ct);
            var id = session.Resolve(result.GetValue(node)!);
            await SendAsync(result, store, session, id, result.GetValue(tag)!, add, ct);
        });
        return command;
    }

    private static Command Block(bool block)
    {
        var job = new Option<string?>("--job") { Description = "The job the tag may not cross." };
        var field = new Option<string?>("--field") { Description = "The field the tag may not enter." };
        var from = new Option<string?>("--from") { Description = "With --to: the edge's source, a dataset or field; the tag may not go from it into --to." };
        var to = new Option<string?>("--to") { Description = "With --from: the edge's target (a dataset with a dataset, a field with a field)." };
        var tag = new Option<string>("--tag") { Description = "The tag key blocked (pii).", Required = true };
        var store = CommonOptions.Store();
        var command = new Command(
            block ? "block" : "unblock",
            block ? $"Stop a tag propagating across a job, into a field, or along one edge (--from A --to B): stored as the tag {ClassificationOptions.BlockKey}=KEY on the job or field, or {ClassificationOptions.EdgeBlockKey}=KEY=A on B, an event like any other."
                  : $"Lift a block: removes the {ClassificationOptions.BlockKey}=KEY (or {ClassificationOptions.EdgeBlockKey}=KEY=A) tag.")
        {
            job, field, from, to, tag, store,
        };
        CommandAction.Set(command, async (result, ct) =>
        {
            var (jobText, fieldText, fromText, toText) = (result.GetValue(job), result.GetValue(field), result.GetValue(from), result.GetValue(to));
            if ((fromText is null) != (toText is null))
            {
                throw new CliException("--from and --to name the two ends of one edge; give both");
            }

            if ((jobText is null ? 0 : 1) + (fieldText is null ? 0 : 1) + (fromText is null ? 0 : 1) != 1)
            {
                throw new CliException("give exactly one of --job, --field, or --from with --to");
            }

            var key = result.GetValue(tag)!;
            if (TagEdits.BlockKeyProblem(key) is { } problem)
            {
                throw new CliException("--tag " + problem);
            }

            var session = await CommandAction.OpenAsync(result, store, ct);
            if (fromText is not null)
            {
                var (source, target) = (session.Resolve(fromText), session.Resolve(toText!));
                var edit = TagEdits.EdgeBlock(session.Graph, source, target, key, block, DateTimeOffset.UtcNow, Producer);
                await SendAsync(result, store, edit, target, ClassificationOptions.EdgeBlock(key, source), block, ct);
                return;
            }

            var id = session.Resolve((jobText ?? fieldText)!);
            var expected = jobText is null ? NodeKind.DatasetField : NodeKind.Job;
            if (id.Kind != expected)
            {
                throw new CliException($"'{jobText ?? fieldText}' is {id}, not a {(expected == NodeKind.Job ? "job" : "field")}");
            }

            await SendAsync(result, store, session, id, ClassificationOptions.BlockKey + "=" + key, block, ct);
        });
        return command;
    }

    private static async Task SendAsync(ParseResult result, Option<string> store, LineageSession session, NodeId node, string tag, bool add, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var edit = node.Kind switch
        {
            NodeKind.Job => TagEdits.Job(session.Graph.GetJob(node.AsJob())!, tag, add, now, Producer),
            NodeKind.Dataset => TagEdits.Dataset(session.Graph.GetDataset(node.AsDataset())!, null, tag, add, now, Producer),
            NodeKind.DatasetField => TagEdits.Dataset(session.Graph.GetDataset(node.AsDataset())!, node.Field, tag, add, now, Producer),
            _ => throw new CliException($"{node} is a run; tags go on datasets, fields and jobs"),
        };
        await SendAsync(result, store, edit, node, tag, add, ct);
    }

    private static async Task SendAsync(ParseResult result, Option<string> store, TagEdit edit, NodeId node, string tag, bool add, CancellationToken ct)
    {
        if (edit.Event is not { } lineageEvent)
        {
            throw new CliException($"{edit.Problem} on {node}; nothing was stored");
        }

        await using var target = await IngestTarget.OpenAsync(result.GetValue(store)!, null, null, ct);
        var summary = await target.IngestAsync([lineageEvent], ct);
        await target.CompleteAsync(ct);
        if (summary.Rejected.Count > 0)
        {
            throw new CliException($"the change was refused: {summary.Rejected[0]}");
        }

        result.InvocationConfiguration.Output.WriteLine($"{(add ? "tagged" : "untagged")} {node} {(add ? "with" : "of")} {tag} ({target.Destination})");
    }
}
