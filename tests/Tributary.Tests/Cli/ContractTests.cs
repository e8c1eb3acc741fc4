using System.Text.Json.Nodes;

namespace Tributary.Tests.Cli;

/// <summary>
/// The CLI and the server answer every query identically on the same store: each query runs through
/// <c>tributary ... --format json</c> (or the export format) and through the matching endpoint, and the answers
/// must be the same JSON document (parsed and re-serialised) or, for exports, the same text.
/// </summary>
public sealed class ContractTests(ContractStores stores) : IClassFixture<ContractStores>
{
    private const string Now = "2025-01-20T00:00:00Z";

    public static TheoryData<string> Stores => new() { "demo", "corpus" };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Lineage_upstream_and_downstream_of_every_kind_of_node_are_the_same_through_the_cli_and_the_server(string name)
    {
        var store = stores[name];
        foreach (var node in store.Datasets.Concat(store.Jobs).Concat(store.Fields))
        {
            foreach (var (command, up, down) in new[] { ("lineage", 20, 20), ("upstream", 20, 0), ("downstream", 0, 20) })
            {
                var query = $"nodeId={Escape(node)}&upstreamDepth={up}&downstreamDepth={down}";
                SameJson(await store.CliAsync(command, node, "--format", "json"), await store.GetAsync("api/v1/lineage/nodes?" + query), $"{command} {node}");
                SameJson(await store.CliAsync(command, node, "--format", "marquez"), await store.GetAsync("api/v1/lineage?" + query), $"{command} {node} --format marquez");
            }

            SameJson(
                await store.CliAsync("lineage", node, "--upstream", "1", "--downstream", "2", "--format", "json"),
                await store.GetAsync($"api/v1/lineage/nodes?nodeId={Escape(node)}&upstreamDepth=1&downstreamDepth=2"),
                $"lineage {node} --upstream 1 --downstream 2");
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Column_lineage_of_datasets_and_fields_is_the_same_through_the_cli_and_the_server(string name)
    {
        var store = stores[name];
        foreach (var node in store.Datasets.Concat(store.Fields))
        {
            SameJson(await store.CliAsync("columns", node, "--format", "json"), await store.GetAsync($"api/v1/lineage/nodes?columns=true&nodeId={Escape(node)}"), $"columns {node}");
            SameJson(
                await store.CliAsync("columns", node, "--format", "marquez"),
                await store.GetAsync($"api/v1/column-lineage?depth=20&withDownstream=true&nodeId={Escape(node)}"),
                $"columns {node} --format marquez");
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Impact_and_root_cause_are_the_same_through_the_cli_and_the_server(string name)
    {
        var store = stores[name];
        foreach (var node in store.Datasets.Concat(store.Jobs).Concat(store.Fields))
        {
            SameJson(await store.CliAsync("impact", node, "--format", "json"), await store.GetAsync($"api/v1/impact?nodeId={Escape(node)}"), $"impact {node}");
            SameJson(await store.CliAsync("impact", node, "--depth", "1", "--format", "json"), await store.GetAsync($"api/v1/impact?depth=1&nodeId={Escape(node)}"), $"impact {node} --depth 1");
        }

        foreach (var node in store.Datasets.Concat(store.Fields))
        {
            SameJson(await store.CliAsync("root-cause", node, "--format", "json"), await store.GetAsync($"api/v1/root-cause?nodeId={Escape(node)}"), $"root-cause {node}");
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Incidents_are_the_same_through_the_cli_and_the_server(string name)
    {
        var store = stores[name];
        var all = await store.CliAsync("incidents", "--format", "json");
        SameJson(all, await store.GetAsync("api/v1/incidents"), "incidents");
        SameJson(await store.CliAsync("incidents", "--open", "--severity", "high", "--format", "json"), await store.GetAsync("api/v1/incidents?open=true&severity=high"), "incidents --open --severity high");
        var ids = JsonNode.Parse(all)!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        foreach (var id in ids)
        {
            SameJson(await store.CliAsync("incident", id, "--format", "json"), await store.GetAsync("api/v1/incidents/" + id), "incident " + id);
        }

        if (name == "demo")
        {
            Assert.Contains(JsonNode.Parse(all)!.AsArray(), i => i!["check"]!.GetValue<string>() == "profit_non_negative");
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Paths_from_each_upstream_node_are_the_same_through_the_cli_and_the_server(string name)
    {
        var store = stores[name];
        var compared = 0;
        foreach (var node in store.Datasets)
        {
            var upstream = JsonNode.Parse(await store.CliAsync("upstream", node, "--format", "json"))!["nodes"]!.AsArray()
                .Where(n => n!["upstreamDepth"]?.GetValue<int>() > 0)
                .Select(n => n!["id"]!.GetValue<string>())
                .Order(StringComparer.Ordinal)
                .Take(3);
            foreach (var from in upstream.Append(node))
            {
                SameJson(
                    await store.CliAsync("path", from, node, "--format", "json"),
                    await store.GetAsync($"api/v1/path?from={Escape(from)}&to={Escape(node)}"),
                    $"path {from} {node}");
                SameJson(
                    await store.CliAsync("path", node, from, "--max-paths", "2", "--max-length", "3", "--format", "json"),
                    await store.GetAsync($"api/v1/path?from={Escape(node)}&to={Escape(from)}&maxPaths=2&maxLength=3"),
                    $"path {node} {from} --max-paths 2 --max-length 3");
                compared++;
            }
        }

        Assert.True(compared > store.Datasets.Count, $"only {compared} paths compared");
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Stale_datasets_are_the_same_through_the_cli_and_the_server(string name)
    {
        var store = stores[name];
        foreach (var now in new[] { Now, "2030-01-01T00:00:00Z", "2000-01-01T00:00:00Z" })
        {
            foreach (var hours in new[] { "0", "1", "24", "1000" })
            {
                SameJson(
                    await store.CliAsync("stale", "--hours", hours, "--now", now, "--format", "json"),
                    await store.GetAsync($"api/v1/stale?olderThan={hours}&now={Escape(now)}"),
                    $"stale --hours {hours} --now {now}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Run_statistics_are_the_same_through_the_cli_and_the_server(string name)
    {
        var store = stores[name];
        var cases = new (string[] Args, string Query)[]
        {
            ([], ""),
            (["--by", "operation"], "groupBy=operation"),
            (["--by", "job", "--operation", "TRANSFORM"], "operation=TRANSFORM"),
            (["--by", "operation", "--operation", "write"], "groupBy=operation&operation=write"),
            (["--since", "2025-01-17T00:00:00Z"], "since=" + Escape("2025-01-17T00:00:00Z")),
        };
        foreach (var (args, query) in cases)
        {
            // The server's /stats adds the graph's counts around the same list (the UI's dashboard reads both).
            var server = JsonNode.Parse(await store.GetAsync("api/v1/stats?" + query))!["performance"]!.ToJsonString();
            SameJson(await store.CliAsync(["stats", .. args, "--format", "json"]), server, $"stats {string.Join(' ', args)}");
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Volume_flow_is_the_same_through_the_cli_and_the_server(string name)
    {
        var store = stores[name];
        SameJson(await store.CliAsync("volume", "--format", "json"), await store.GetAsync("api/v1/stats/volume"), "volume");
        SameJson(await store.CliAsync("volume", "--bucket-hours", "1", "--format", "json"), await store.GetAsync("api/v1/stats/volume?bucketHours=1"), "volume --bucket-hours 1");
        SameJson(
            await store.CliAsync("volume", "--from", "2025-01-17T00:00:00Z", "--to", "2025-01-19T00:00:00Z", "--format", "json"),
            await store.GetAsync($"api/v1/stats/volume?from={Escape("2025-01-17T00:00:00Z")}&to={Escape("2025-01-19T00:00:00Z")}"),
            "volume --from --to");
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Failed_runs_are_the_same_through_the_cli_and_the_server(string name)
    {
        var store = stores[name];
        foreach (var (args, query) in new (string[], string)[] { ([], ""), (["--since", "2025-01-19T00:00:00Z"], "since=" + Escape("2025-01-19T00:00:00Z")) })
        {
            var cli = await store.CliAsync(["failures", .. args, "--format", "json"]);
            SameJson(cli, await store.GetAsync("api/v1/failures?" + query), $"failures {string.Join(' ', args)}");

            // /runs/failed speaks Marquez's run shape (newest first, paged, the job as {namespace, name}), so there the
            // same runs are compared by what both shapes hold.
            var runs = JsonNode.Parse(cli)!.AsArray()
                .Select(r => Run(r!["id"], r["job"]!.GetValue<string>(), r["startedAt"], r["errorMessage"]))
                .ToList();
            var server = JsonNode.Parse(await store.GetAsync("api/v1/runs/failed?limit=100000&" + query))!;
            var marquez = server["runs"]!.AsArray()
                .Select(r => Run(r!["id"], $"{r["job"]!["namespace"]}:{r["job"]!["name"]}", r["startedAt"], r["errorMessage"]))
                .ToList();
            Assert.Equal(runs.Count, server["totalCount"]!.GetValue<int>());
            Assert.Equal(runs.Order(StringComparer.Ordinal), marquez.Order(StringComparer.Ordinal));
        }

        static string Run(JsonNode? id, string job, JsonNode? startedAt, JsonNode? error) =>
            $"{id} {job} {DateTimeOffset.Parse(startedAt!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).UtcTicks} {error?.GetValue<string>()}";
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_audit_trail_is_the_same_through_the_cli_and_the_server(string name)
    {
        var store = stores[name];
        SameJson(await store.CliAsync("audit", "--format", "json"), await store.GetAsync("api/v1/audit"), "audit");
        SameJson(
            await store.CliAsync("audit", "--from", "2025-01-18T00:00:00Z", "--to", "2025-01-19T00:00:00Z", "--format", "json"),
            await store.GetAsync($"api/v1/audit?from={Escape("2025-01-18T00:00:00Z")}&to={Escape("2025-01-19T00:00:00Z")}"),
            "audit --from --to");
        foreach (var dataset in store.Datasets)
        {
            SameJson(await store.CliAsync("audit", "--dataset", dataset, "--format", "json"), await store.GetAsync($"api/v1/audit?dataset={Escape(dataset)}"), $"audit --dataset {dataset}");
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Personal_data_flows_and_the_article_30_record_are_the_same_through_the_cli_and_the_server(string name)
    {
        var store = stores[name];
        SameJson(await store.CliAsync("pii", "--format", "json"), await store.GetAsync("api/v1/pii"), "pii");
        SameJson(
            await store.CliAsync("pii", "--tag", "pii", "--tag", "sensitive", "--field", "*email*", "--field", "*name*", "--format", "json"),
            await store.GetAsync($"api/v1/pii?tags=pii,sensitive&patterns={Escape("*email*,*name*")}"),
            "pii --tag --field");
        SameJson(await store.CliAsync("pii", "--article30", "--format", "json"), await store.GetAsync("api/v1/pii/article30"), "pii --article30");
        SameJson(
            await store.CliAsync("pii", "--article30", "--field", "*id*", "--format", "json"),
            await store.GetAsync($"api/v1/pii/article30?patterns={Escape("*id*")}"),
            "pii --article30 --field");
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Finding_data_sources_is_the_same_through_the_cli_and_the_server(string name)
    {
        var store = stores[name];
        var all = await store.CliAsync("find", "--format", "json");
        SameJson(all, await store.GetAsync("api/v1/find"), "find");
        var first = JsonNode.Parse(all)!.AsArray()[0]!;
        var ns = global::Tributary.Model.NodeId.Parse(first["node"]!.GetValue<string>()).AsDataset().Namespace;
        SameJson(await store.CliAsync("find", "--namespace", ns, "--format", "json"), await store.GetAsync($"api/v1/find?namespace={Escape(ns)}"), $"find --namespace {ns}");
        foreach (var (option, parameter, value) in new[] { ("--name", "name", "*customer*"), ("--name", "name", "*.t?"), ("--type", "type", "TABLE"), ("--tag", "tag", "pii"), ("--owner", "owner", "team:data-eng") })
        {
            SameJson(await store.CliAsync("find", option, value, "--format", "json"), await store.GetAsync($"api/v1/find?{parameter}={Escape(value)}"), $"find {option} {value}");
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Exports_of_the_whole_graph_in_every_format_are_byte_identical_through_the_cli_and_the_server(string name)
    {
        var store = stores[name];
        foreach (var format in new[] { "json", "marquez", "dot", "mermaid" })
        {
            Assert.Equal(await store.CliAsync("export", "--format", format), await store.GetAsync($"api/v1/export?format={format}"));
            Assert.Equal(await store.CliAsync("export", "--columns", "--format", format), await store.GetAsync($"api/v1/export?columns=true&format={format}"));
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Exports_around_every_kind_of_node_in_every_format_are_byte_identical_through_the_cli_and_the_server(string name)
    {
        var store = stores[name];
        foreach (var node in store.Datasets.Concat(store.Jobs).Concat(store.Fields))
        {
            foreach (var format in new[] { "json", "marquez", "dot", "mermaid" })
            {
                var query = $"api/v1/export?format={format}&nodeId={Escape(node)}";
                var cli = await store.CliAsync("export", node, "--format", format);
                Assert.True(cli == await store.GetAsync(query), $"export {node} --format {format} differs from {query}");
                cli = await store.CliAsync("export", node, "--columns", "--depth", "2", "--format", format);
                Assert.True(cli == await store.GetAsync(query + "&columns=true&depth=2"), $"export {node} --columns --depth 2 --format {format} differs");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Every_query_as_of_earlier_moments_is_the_same_through_the_cli_and_the_server(string name)
    {
        var store = stores[name];

        // Moments across the store's history: when its first, middle and last runs started, and a run id (the moment that run ended).
        var runs = JsonNode.Parse(await store.CliAsync("audit", "--format", "json"))!.AsArray();
        Assert.True(runs.Count >= 3, $"{name}: only {runs.Count} runs");
        var moments = new[] { runs[0]!, runs[runs.Count / 2]!, runs[^1]! }.Select(r => r["startedAt"]!.GetValue<string>())
            .Append(runs[runs.Count / 3]!["run"]!.GetValue<string>())
            .ToList();
        foreach (var at in moments)
        {
            var asOf = "asOf=" + Escape(at);
            async Task Same(string what, string query, params string[] args) =>
                SameJson(await store.CliAsync([.. args, "--as-of", at, "--format", "json"]), await store.GetAsync($"api/v1/{query}{(query.Contains('?') ? '&' : '?')}{asOf}"), $"{string.Join(' ', args)} --as-of {at} ({what})");

            var found = JsonNode.Parse(await store.CliAsync("find", "--as-of", at, "--format", "json"))!.AsArray();
            SameJson(found.ToJsonString(), await store.GetAsync("api/v1/find?" + asOf), $"find --as-of {at}");
            var datasets = found.Select(d => d!["node"]!.GetValue<string>()).Where(d => store.Datasets.Contains(d)).Take(3).ToList();
            foreach (var node in datasets)
            {
                await Same("lineage", $"lineage/nodes?nodeId={Escape(node)}&upstreamDepth=20&downstreamDepth=20", "lineage", node);
                await Same("upstream", $"lineage/nodes?nodeId={Escape(node)}&upstreamDepth=20&downstreamDepth=0", "upstream", node);
                await Same("columns", $"lineage/nodes?columns=true&nodeId={Escape(node)}", "columns", node);
                await Same("impact", $"impact?nodeId={Escape(node)}", "impact", node);
                await Same("root-cause", $"root-cause?nodeId={Escape(node)}", "root-cause", node);
                await Same("path", $"path?from={Escape(datasets[0])}&to={Escape(node)}", "path", datasets[0], node);
                SameJson(
                    await store.CliAsync("lineage", node, "--as-of", at, "--format", "marquez"),
                    await store.GetAsync($"api/v1/lineage?nodeId={Escape(node)}&{asOf}"),
                    $"lineage {node} --as-of {at} --format marquez");
            }

            await Same("stale", "stale?olderThan=1", "stale", "--hours", "1");
            await Same("stats", "stats/volume", "volume");
            await Same("failures", "failures", "failures");
            await Same("audit", "audit", "audit");
            await Same("pii", "pii", "pii");
            await Same("incidents", "incidents", "incidents");
            var stats = JsonNode.Parse(await store.GetAsync("api/v1/stats?" + asOf))!["performance"]!.ToJsonString();
            SameJson(await store.CliAsync("stats", "--as-of", at, "--format", "json"), stats, $"stats --as-of {at}");
            foreach (var format in new[] { "json", "dot" })
            {
                Assert.True(await store.CliAsync("export", "--as-of", at, "--format", format) == await store.GetAsync($"api/v1/export?format={format}&{asOf}"), $"export --as-of {at} --format {format} differs");
            }

            Assert.True(await store.CliAsync("report", "--as-of", at) == await store.GetAsync($"api/v1/export?format=markdown&{asOf}"), $"report --as-of {at} differs");
        }
    }

    [Fact]
    public async Task The_diff_between_two_moments_is_the_same_through_the_cli_and_the_server()
    {
        var store = stores["demo"];
        var moments = new[] { ("2025-01-15T03:00:00Z", "2025-01-17T03:00:00Z"), ("2025-01-15T03:00:00Z", "2025-01-16T12:00:00Z"), ("2000-01-01T00:00:00Z", Now) };
        int changed = 0, aroundNodes = 0;
        foreach (var (from, to) in moments)
        {
            var query = $"api/v1/lineage/diff?from={Escape(from)}&to={Escape(to)}";
            var whole = await store.CliAsync("diff", "--from", from, "--to", to, "--format", "json");
            SameJson(whole, await store.GetAsync(query), $"diff --from {from} --to {to}");
            Assert.True(await store.CliAsync("diff", "--from", from, "--to", to, "--format", "md") == await store.GetAsync(query + "&format=md"), $"diff --from {from} --to {to} --format md differs");
            changed += JsonNode.Parse(whole)!.AsObject().Count(p => p.Value is JsonArray { Count: > 0 });
            foreach (var node in store.Datasets.Concat(store.Jobs).Take(8))
            {
                // A node neither moment knows is an error through both doors; otherwise the answers are the same.
                var (code, cli, _) = await CliRunner.RunAsync("diff", "--from", from, "--to", to, node, "--depth", "2", "--format", "json", "--store", store.Directory);
                var around = $"{query}&nodeId={Escape(node)}&depth=2";
                if (code != 0)
                {
                    using var response = await store.Http.GetAsync(around);
                    Assert.False(response.IsSuccessStatusCode, $"diff {node}: the CLI exited {code} but the server answered {response.StatusCode}");
                    continue;
                }

                SameJson(cli, await store.GetAsync(around), $"diff --from {from} --to {to} {node} --depth 2");
                aroundNodes++;
            }
        }

        // The demo's nights differ (SQL, row counts, a failed check), so the answers compared are not empty ones.
        Assert.True(changed > 0, "every diff compared was empty");
        Assert.True(aroundNodes > 0, "no diff around a node was compared");
    }

    [Fact]
    public async Task The_impact_of_a_sql_change_is_the_same_through_the_cli_and_the_server()
    {
        var store = stores["demo"];
        var file = Path.Combine(Path.GetTempPath(), $"tributary-proposed-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(file, SqlChangeCommandTests.StagingWithoutEmail);
        try
        {
            var (code, cli, error) = await CliRunner.RunAsync("impact", "--sql", file, "--job", "openlakes:customer_orders_etl", "--format", "json", "--store", store.Directory);
            Assert.True(code == 3, error);
            var body = new JsonObject { ["job"] = "openlakes:customer_orders_etl", ["sql"] = SqlChangeCommandTests.StagingWithoutEmail };
            using var response = await store.Http.PostAsync("api/v1/impact/sql", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            SameJson(cli, await response.Content.ReadAsStringAsync(), "impact --sql");

            using var bad = await store.Http.PostAsync("api/v1/impact/sql", new StringContent("{\"job\": 3}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("needs \\\"job\\\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Escape(string text) => Uri.EscapeDataString(text);

    /// <summary>Both answers parse as JSON and re-serialise to the same text.</summary>
    private static void SameJson(string cli, string server, string what)
    {
        var a = JsonNode.Parse(cli)?.ToJsonString() ?? "null";
        var b = JsonNode.Parse(server)?.ToJsonString() ?? "null";
        if (a == b)
        {
            return;
        }

        var at = 0;
        while (at < a.Length && at < b.Length && a[at] == b[at])
        {
            at++;
        }

        var from = Math.Max(0, at - 120);
        Assert.Fail($"{what}: the CLI and the server differ at character {at}\n  cli:    ...{a[from..Math.Min(a.Length, at + 120)]}\n  server: ...{b[from..Math.Min(b.Length, at + 120)]}");
    }
}
