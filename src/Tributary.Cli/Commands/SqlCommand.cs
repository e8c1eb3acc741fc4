using System.CommandLine;
using System.Text;
using System.Text.Json;
using Tributary.Cli.Output;
using Tributary.Json;
using Tributary.Sql;
using Tributary.Tools.Sql;

namespace Tributary.Cli.Commands;

/// <summary>
/// <c>tributary sql [file|-]</c>: prints the table and column lineage of a SQL text; <c>tributary sql score &lt;cases.json&gt;</c>
/// scores the extractor on a case file and ends with the headline line.
/// </summary>
internal static class SqlCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file")
        {
            Description = "The SQL file, or - (the default) for standard input.",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "-",
        };
        var dialect = new Option<string>("--dialect", "-d")
        {
            Description = "The SQL dialect: " + SqlAnalysisOptions.DialectNames + ".",
            DefaultValueFactory = _ => "ansi",
        };
        var catalog = new Option<string?>("--catalog") { Description = "A JSON file of known tables and their columns: { \"schema.table\": [\"col\", ...] }." };
        var defaultSchema = new Option<string?>("--default-schema") { Description = "The schema that unqualified table names belong to." };
        var semantics = new Option<string>("--semantics")
        {
            Description = "How the statements of a script combine: union (every statement on its own) or script (tables created and read inside the script are intermediates).",
            DefaultValueFactory = _ => "union",
        };
        semantics.AcceptOnlyFromAmong("union", "script");
        var caseSensitive = new Option<bool>("--case-sensitive") { Description = "Compare identifiers case-sensitively." };
        var endToEnd = new Option<bool>("--end-to-end-columns")
        {
            Description = "With union semantics, run column edges end to end through tables and views written earlier in the script (sqllineage's column paths); tables stay each statement's own.",
        };
        var ns = new Option<string>("--namespace") { Description = "The namespace of the input datasets in the facet format.", DefaultValueFactory = _ => "sql" };
        var format = CommonOptions.Format("table", "table", "json", "facet");
        var output = CommonOptions.Output();

        var command = new Command("sql", "Derive table and column lineage from SQL: inputs, outputs, each column's sources and how, indirect uses, diagnostics.")
        {
            file, dialect, catalog, defaultSchema, semantics, caseSensitive, endToEnd, ns, format, output, CreateScore(),
        };
        CommandAction.Set(command, (result, ct) =>
        {
            var options = Options(result.GetValue(dialect), result.GetValue(catalog), result.GetValue(defaultSchema), result.GetValue(semantics), result.GetValue(caseSensitive)) with
            {
                EndToEndColumns = result.GetValue(endToEnd),
            };
            var sql = ReadSql(result.GetValue(file)!);
            var lineage = SqlLineage.Analyze(sql, options);
            Render.WithWriter(result.InvocationConfiguration, result.GetValue(output), writer =>
            {
                switch (result.GetValue(format))
                {
                    case "json":
                        WriteJson(writer, lineage);
                        break;
                    case "facet":
                        WriteFacets(writer, lineage, result.GetValue(ns)!);
                        foreach (var d in lineage.Diagnostics)
                        {
                            // The facet output stays valid JSON; problems go to standard error.
                            result.InvocationConfiguration.Error.WriteLine("tributary sql: " + Tributary.Export.VisibleText.Escape(d.ToString()));
                        }

                        break;
                    default:
                        WriteTables(writer, lineage);
                        break;
                }
            });

            // What could not be analysed, so a run never looks complete when it is not; standard error keeps JSON clean.
            if (Summary(lineage) is { } summary)
            {
                result.InvocationConfiguration.Error.WriteLine("tributary sql: " + summary);
            }

            // The lineage of what did analyse is printed, but a statement that did not is a failure, so scripts notice.
            return Task.FromResult(lineage.Diagnostics.Any(d => d.IsError) ? 1 : 0);
        });
        return command;
    }

    private static Command CreateScore()
    {
        var cases = new Argument<string>("cases") { Description = "A case file in the sql-cases format (a JSON array of cases)." };
        var failures = new Option<bool>("--failures") { Description = "List every failed case with its problems." };
        var tpc = new Option<string?>("--tpc")
        {
            Description = "A testdata/sql folder (tpch/queries, tpcds/queries) to measure statements per second on; defaults to ../testdata/sql next to the case file.",
        };
        var command = new Command("score", "Score the SQL extractor on a case file: table and column P/R/F1, kind accuracy, indirect, exact match per tag and dialect, parse failures, statements/s.")
        {
            cases, failures, tpc,
        };
        CommandAction.Set(command, (result, _) =>
        {
            var path = result.GetValue(cases)!;
            if (!File.Exists(path))
            {
                throw new CliException($"'{path}' is not a file.");
            }

            SqlScoreReport report;
            try
            {
                var tpcDir = result.GetValue(tpc);
                if (tpcDir is null)
                {
                    report = SqlCaseScorer.ScoreFile(path);
                }
                else
                {
                    if (!Directory.Exists(tpcDir))
                    {
                        throw new CliException($"'{tpcDir}' is not a folder.");
                    }

                    report = SqlCaseScorer.Score(SqlCase.Load(path), SqlCaseScorer.LoadTpcQueries(tpcDir));
                }
            }
            catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                throw new CliException($"'{path}' is not a valid case file: {e.Message}");
            }

            result.InvocationConfiguration.Output.Write(report.ToText(result.GetValue(failures)));
            return Task.CompletedTask;
        });
        return command;
    }

    internal static SqlAnalysisOptions Options(string? dialectName, string? catalogPath, string? defaultSchema, string? semantics, bool caseSensitive)
    {
        if (!SqlAnalysisOptions.TryParseDialect(dialectName, out var dialect))
        {
            throw new CliException($"unknown dialect '{dialectName}'; use one of {SqlAnalysisOptions.DialectNames}.");
        }

        SqlCatalog? catalog = null;
        if (catalogPath is not null)
        {
            try
            {
                catalog = SqlCatalog.FromJsonFile(catalogPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read the catalog '{catalogPath}': {e.Message}");
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                throw new CliException($"the catalog '{catalogPath}' is not a JSON object of table to column list: {FirstLine(e.Message)}");
            }
        }

        return new SqlAnalysisOptions
        {
            Dialect = dialect,
            Catalog = catalog,
            DefaultSchema = string.IsNullOrWhiteSpace(defaultSchema) ? null : defaultSchema,
            Semantics = semantics == "script" ? SqlSemantics.Script : SqlSemantics.Union,
            CaseSensitive = caseSensitive,
        };
    }

    private static string ReadSql(string file)
    {
        if (file == "-")
        {
            return Console.In.ReadToEnd();
        }

        if (Directory.Exists(file))
        {
            throw new CliException($"'{file}' is a folder; give one SQL file, or - to read standard input (for example `cat {file}/*.sql | tributary sql -`)");
        }

        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read '{file}': {e.Message}");
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    /// <summary>
    /// One line on what the analysis could not do: statements with errors, warnings (parts skipped, dynamic SQL,
    /// columns not placed) and edges that rest on a guess; null when there is nothing to say.
    /// </summary>
    internal static string? Summary(SqlLineageResult lineage)
    {
        var errors = lineage.Diagnostics.Count(d => d.IsError);
        var warnings = lineage.Diagnostics.Count - errors;
        var guessed = lineage.Columns.Sum(c => c.Sources.Count(s => s.Guessed));
        if (errors == 0 && warnings == 0 && guessed == 0)
        {
            return null;
        }

        var parts = new List<string>();
        if (errors > 0)
        {
            parts.Add($"{errors} statement{(errors == 1 ? "" : "s")} could not be analysed");
        }

        if (warnings > 0)
        {
            parts.Add($"{warnings} warning{(warnings == 1 ? "" : "s")} (parts skipped or guessed)");
        }

        if (guessed > 0)
        {
            parts.Add($"{guessed} column edge{(guessed == 1 ? "" : "s")} rest{(guessed == 1 ? "s" : "")} on a guess");
        }

        return $"{lineage.Statements.Count} statement{(lineage.Statements.Count == 1 ? "" : "s")} analysed; " + string.Join("; ", parts) + " (see the diagnostics)";
    }

    private static void WriteTables(TextWriter writer, SqlLineageResult lineage)
    {
        writer.WriteLine("inputs:  " + (lineage.Inputs.Count == 0 ? "(none)" : string.Join(", ", lineage.Inputs)));
        writer.WriteLine("outputs: " + (lineage.Outputs.Count == 0 ? "(none)" : string.Join(", ", lineage.Outputs)));
        if (lineage.Intermediates.Count > 0)
        {
            writer.WriteLine("intermediates: " + string.Join(", ", lineage.Intermediates));
        }

        writer.WriteLine();
        var columns = new Tabular("target", "source", "kind") { Title = "column lineage" };
        foreach (var column in lineage.Columns)
        {
            var target = column.Target.ToString();
            if (column.Sources.Count == 0 && column.IndirectSources.Count == 0)
            {
                columns.Add(target, "(constant)", "");
            }

            foreach (var source in column.Sources)
            {
                columns.Add(target, source.Column.ToString(), SqlLineageResult.Subtype(source.Kind) + (source.Masking ? " masked" : "") + (source.Guessed ? " (guess)" : ""));
            }

            foreach (var source in column.IndirectSources)
            {
                columns.Add(target, source.Column.ToString(), "INDIRECT " + SqlLineageResult.Subtype(source.Kind));
            }
        }

        columns.WriteTable(writer);
        if (lineage.Indirect.Count > 0)
        {
            writer.WriteLine();
            var indirect = new Tabular("source", "use") { Title = "indirect sources (the whole output depends on them)" };
            foreach (var source in lineage.Indirect)
            {
                indirect.Add(source.Column.ToString(), SqlLineageResult.Subtype(source.Kind));
            }

            indirect.WriteTable(writer);
        }

        if (lineage.Diagnostics.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("diagnostics:");
            foreach (var diagnostic in lineage.Diagnostics)
            {
                writer.WriteLine("  " + diagnostic);
            }
        }
    }

    private static void WriteJson(TextWriter writer, SqlLineageResult lineage)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            Strings(w, "inputs", lineage.Inputs);
            Strings(w, "outputs", lineage.Outputs);
            Strings(w, "intermediates", lineage.Intermediates);
            w.WriteStartArray("columns");
            foreach (var column in lineage.Columns)
            {
                w.WriteStartObject();
                w.WriteString("table", column.Target.Table);
                w.WriteString("column", column.Target.Column);
                w.WriteStartArray("sources");
                foreach (var source in column.Sources)
                {
                    w.WriteStartObject();
                    Ref(w, source.Column);
                    w.WriteString("type", "DIRECT");
                    w.WriteString("subtype", SqlLineageResult.Subtype(source.Kind));
                    if (source.Masking)
                    {
                        w.WriteBoolean("masking", true);
                    }

                    if (source.Guessed)
                    {
                        w.WriteBoolean("guessed", true);
                    }

                    w.WriteEndObject();
                }

                foreach (var source in column.IndirectSources)
                {
                    w.WriteStartObject();
                    Ref(w, source.Column);
                    w.WriteString("type", "INDIRECT");
                    w.WriteString("subtype", SqlLineageResult.Subtype(source.Kind));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("indirect");
            foreach (var source in lineage.Indirect)
            {
                w.WriteStartObject();
                Ref(w, source.Column);
                w.WriteString("subtype", SqlLineageResult.Subtype(source.Kind));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("diagnostics");
            foreach (var d in lineage.Diagnostics)
            {
                w.WriteStartObject();
                w.WriteNumber("line", d.Line);
                w.WriteNumber("column", d.Column);
                w.WriteString("severity", d.IsError ? "error" : "warning");
                w.WriteString("message", d.Message);
                w.WriteString("snippet", d.Snippet);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));

        static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
        {
            w.WriteStartArray(name);
            foreach (var v in values)
            {
                w.WriteStringValue(v);
            }

            w.WriteEndArray();
        }

        static void Ref(Utf8JsonWriter w, SqlColumnRef column)
        {
            w.WriteString("table", column.Table);
            w.WriteString("column", column.Column);
        }
    }

    private static void WriteFacets(TextWriter writer, SqlLineageResult lineage, string inputNamespace)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            foreach (var (dataset, facet) in lineage.ToColumnLineageFacets(inputNamespace))
            {
                w.WritePropertyName(dataset);
                w.WriteStartObject();
                w.WritePropertyName("columnLineage");
                LineageJson.WriteDatasetFacet(w, facet);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
