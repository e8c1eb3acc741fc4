using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tributary.Server;
using Tributary.Server.Hosting;

namespace Tributary.Cli.Commands;

/// <summary>
/// <c>tributary serve --store DIR --urls http://127.0.0.1:5000</c>: hosts the lineage server (collector, API, web UI)
/// on the embedded store. Settings come from appsettings.json, then <c>Tributary__*</c> environment variables, then
/// these flags; any other <c>--Section:Key=value</c> is passed to ASP.NET Core's configuration unchanged.
/// Ctrl+C or SIGTERM stops it gracefully: requests in flight finish, then the store is flushed and closed.
/// </summary>
internal static class ServeCommand
{
    // The host's own settings, which have no section: the other keys serve passes to ASP.NET Core are Section:Key.
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase) { "environment", "contentRoot", "applicationName" };

    public static Command Create()
    {
        var store = new Option<string?>("--store") { Description = "The lineage store folder (default: Tributary:Store from configuration, else TRIBUTARY_STORE, else ./.tributary)." };
        var postgres = new Option<string?>("--postgres") { Description = "Keep events in PostgreSQL (a connection string, e.g. \"Host=db;Username=tributary;Database=lineage\") instead of the store folder; several servers may share it." };
        var urls = new Option<string?>("--urls") { Description = "Where to listen, e.g. http://127.0.0.1:5000 (default: ASP.NET Core's, http://localhost:5000)." };
        var apiKeys = new Option<string[]>("--api-key") { Description = "An API key with read and write access; repeat for several. Turns authentication on.", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false };
        var anonymousRead = new Option<bool>("--allow-anonymous-read") { Description = "With API keys, let reads through without a key." };
        var maxEventBytes = new Option<int?>("--max-event-bytes") { Description = "The largest event accepted (default 5 MB)." };
        var noSqlLineage = new Option<bool>("--no-sql-lineage") { Description = "Do not derive column lineage from the SQL of events' sql facets (setting Tributary:DeriveColumnLineageFromSql)." };
        var retainDays = LakeCommands.RetainDays();
        var webhooks = new Option<string[]>("--webhook") { Description = "Alert this URL about data-quality incidents (POSTs JSON from a durable outbox in the store); repeat for several.", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false };
        var webhookSecret = new Option<string?>("--webhook-secret") { Description = "Sign --webhook bodies: X-Tributary-Signature: sha256=<hex HMAC-SHA256 of the body under this secret>." };
        var command = new Command("serve", "Run the lineage server: OpenLineage collector, Marquez-compatible API and web UI.")
        {
            store, postgres, urls, apiKeys, anonymousRead, maxEventBytes, noSqlLineage, retainDays, webhooks, webhookSecret,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, ct) =>
        {
            var overrides = Overrides(result);
            try
            {
                CheckFlags(result);
                var app = LineageServer.Build(LineageServer.CreateBuilder([.. result.UnmatchedTokens], overrides));
                try
                {
                    // Checked before the host starts, which would log the same problem with its stack trace.
                    app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.Validate();
                }
                catch (InvalidOperationException)
                {
                    await app.DisposeAsync();
                    throw;
                }

                if (ServerRegistration.FindRunning(app) is { } running)
                {
                    // Starting would fail on the store's lock, with the host's stack trace in the log.
                    result.InvocationConfiguration.Error.WriteLine(
                        $"tributary serve: the store {Path.GetDirectoryName(running.Path)} is already served at {running.Registration.Url} (process {running.Registration.Pid}); use that server, or stop it first");
                    await app.DisposeAsync();
                    return 1;
                }

                await app.StartAsync(ct);
                var stopped = new TaskCompletionSource();
                using (ct.Register(() => stopped.TrySetResult()))
                using (app.Lifetime.ApplicationStopping.Register(() => stopped.TrySetResult()))
                {
                    await stopped.Task;
                }

                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
                return 0;
            }
            catch (CliException ex)
            {
                result.InvocationConfiguration.Error.WriteLine("tributary serve: " + Tributary.Export.VisibleText.Escape(ex.Message));
                return 1;
            }
            catch (InvalidOperationException ex)
            {
                result.InvocationConfiguration.Error.WriteLine("tributary serve: " + Tributary.Export.VisibleText.Escape(ex.Message));
                return 1;
            }
            catch (IOException ex)
            {
                result.InvocationConfiguration.Error.WriteLine("tributary serve: " + Tributary.Export.VisibleText.Escape(ex.Message));
                return 1;
            }
            catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is InvalidOperationException or IOException))
            {
                // Kestrel and the store start together, so both may fail (a port in use and a locked store): say each.
                foreach (var inner in ex.InnerExceptions)
                {
                    result.InvocationConfiguration.Error.WriteLine("tributary serve: " + Tributary.Export.VisibleText.Escape(inner.Message));
                }

                return 1;
            }
        });
        return command;
    }

    // Mistakes in the flags themselves, said in the flags' words rather than in configuration keys.
    private static void CheckFlags(ParseResult result)
    {
        if (result.GetValue<string?>("--store") is { } store)
        {
            CommonOptions.RequireNotAFile(store);
        }

        var keys = result.GetValue<string[]>("--api-key") ?? [];
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i].Length < 16)
            {
                throw new CliException($"--api-key number {i + 1} has {keys[i].Length} characters; an API key needs at least 16 (make one with `openssl rand -hex 24`)");
            }
        }

        if (result.GetValue<int?>("--retain-days") is < 1 and var days)
        {
            throw new CliException(LakeCommands.RetainDaysProblem(days));
        }

        var hooks = result.GetValue<string[]>("--webhook") ?? [];
        foreach (var hook in hooks)
        {
            if (Tributary.Alerts.WebhookSubscription.Problem(hook) is { } problem)
            {
                throw new CliException("--webhook: " + problem);
            }
        }

        if (hooks.Length == 0 && result.GetValue<string?>("--webhook-secret") is not null)
        {
            throw new CliException("--webhook-secret signs --webhook bodies; give a --webhook too");
        }

        CheckSettings(result.UnmatchedTokens);
    }

    // What serve does not know itself goes to ASP.NET Core's configuration as `--Section:Key=value` or `--Section:Key
    // value` (and the host's own `--environment`, `--contentRoot`, `--applicationName`). Anything else would be taken as
    // a setting nothing reads: `--port 5077` would start a server on the default port without a word.
    private static void CheckSettings(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal))
            {
                throw new CliException($"unexpected argument '{token}'; settings go as --Section:Key=value (e.g. --Tributary:CompactEveryEvents=50000)");
            }

            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? token[2..] : token[2..equals];
            if (!key.Contains(':', StringComparison.Ordinal) && !HostKeys.Contains(key))
            {
                var hint = key is "port" or "host" or "url" ? " (where to listen: --urls http://HOST:PORT)" : "";
                throw new CliException($"unknown option --{key}{hint}; settings go as --Section:Key=value (e.g. --Tributary:CompactEveryEvents=50000), see tributary serve --help");
            }

            if (equals < 0 && ++i >= tokens.Count)
            {
                throw new CliException($"--{key} needs a value: --{key}=VALUE or --{key} VALUE");
            }
        }
    }

    /// <summary>The configuration the flags of a parsed <c>serve</c> command set, as ASP.NET Core keys (<c>Tributary:Store</c>, ...).</summary>
    internal static Dictionary<string, string?> Overrides(ParseResult result)
    {
        var overrides = new Dictionary<string, string?>();
        if (result.GetValue<string?>("--store") is { } dir)
        {
            overrides["Tributary:Store"] = dir;
        }
        else if (Environment.GetEnvironmentVariable("TRIBUTARY_STORE") is { Length: > 0 } env && Environment.GetEnvironmentVariable("Tributary__Store") is null)
        {
            overrides["Tributary:Store"] = env;
        }

        if (result.GetValue<string?>("--postgres") is { } connectionString)
        {
            overrides["Tributary:Postgres"] = connectionString;
        }

        if (result.GetValue<string?>("--urls") is { } listen)
        {
            overrides["urls"] = listen;
        }

        var keys = result.GetValue<string[]>("--api-key") ?? [];
        for (var i = 0; i < keys.Length; i++)
        {
            overrides[$"Tributary:ApiKeys:{i}:Key"] = keys[i];
            overrides[$"Tributary:ApiKeys:{i}:Name"] = $"flag {i + 1}";
        }

        if (result.GetValue<bool>("--allow-anonymous-read"))
        {
            overrides["Tributary:AllowAnonymousRead"] = "true";
        }

        if (result.GetValue<int?>("--max-event-bytes") is { } max)
        {
            overrides["Tributary:MaxEventBytes"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (result.GetValue<bool>("--no-sql-lineage"))
        {
            overrides["Tributary:DeriveColumnLineageFromSql"] = "false";
        }

        if (result.GetValue<int?>("--retain-days") is { } days)
        {
            overrides["Tributary:RetainDays"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // Flagged webhooks come after any in settings (indices from 1000), so neither replaces the other.
        var hooks = result.GetValue<string[]>("--webhook") ?? [];
        for (var i = 0; i < hooks.Length; i++)
        {
            overrides[$"Tributary:Alerts:Webhooks:{1000 + i}:Url"] = hooks[i];
            if (result.GetValue<string?>("--webhook-secret") is { } secret)
            {
                overrides[$"Tributary:Alerts:Webhooks:{1000 + i}:Secret"] = secret;
            }
        }

        return overrides;
    }
}
