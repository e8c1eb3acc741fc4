using Tributary.Sql.Analysis;
using Tributary.Sql.Parsing;
using Tributary.Sql.Syntax;

namespace Tributary.Sql;

/// <summary>
/// Derives table and column lineage from SQL text: the front door of the SQL pipeline
/// (tokenizer → recursive-descent parser → scopes → column resolution → lineage).
/// </summary>
/// <example>
/// <code>
/// var result = SqlLineage.Analyze(
///     "INSERT INTO mart.t (id, total) SELECT id, SUM(amount) FROM raw.orders GROUP BY id",
///     new SqlAnalysisOptions { Dialect = SqlDialect.PostgreSql });
/// // result.Inputs = [raw.orders], result.Outputs = [mart.t],
/// // result.Columns: mart.t.total ← raw.orders.amount (aggregation)
/// </code>
/// </example>
public static class SqlLineage
{
    /// <summary>
    /// Analyses one SQL statement or a whole script. Statements that cannot be parsed become diagnostics with
    /// line:column and a snippet; the others are still analysed. Never throws for bad SQL.
    /// </summary>
    /// <param name="sql">The SQL text; statements are separated by <c>;</c> or T-SQL <c>GO</c> lines.</param>
    /// <param name="options">Dialect, catalog, default schema, semantics and case sensitivity; defaults to ANSI with no catalog.</param>
    public static SqlLineageResult Analyze(string sql, SqlAnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sql);
        options ??= new SqlAnalysisOptions();
        if (sql.Length > options.MaxLength)
        {
            return Stopped($"the SQL is {sql.Length:N0} characters; at most {options.MaxLength:N0} are analysed", null);
        }

        return Run(sql, options, SqlBudget.Start(options.TimeBudget), onLargeStack: false);
    }

    // Deep nesting is bounded by SqlAnalysisOptions.MaxDepth, not by the caller's stack: a statement that exhausts
    // an ordinary thread's stack first is analysed again on a thread whose stack holds MaxDepth levels and more.
    private const int LargeStack = 256 * 1024 * 1024;

    private static SqlLineageResult Run(string sql, SqlAnalysisOptions options, SqlBudget? budget, bool onLargeStack)
    {
        var context = new AnalyzerContext(options, budget) { Sql = sql };
        Tokenizer? tokenizer = null;
        try
        {
            tokenizer = Tokenizer.RunLent(sql, context.Dialect, context.Budget);
            if (!onLargeStack && NestingOf(tokenizer.Tokens) > ShallowNesting)
            {
                return RunOnLargeStack(sql, options, budget);
            }

            var result = Analyze(sql, options, context, tokenizer);
            return context.StackExhausted && !onLargeStack ? RunOnLargeStack(sql, options, budget) : result;
        }
        catch (SqlBudgetExceededException e)
        {
            // Never a stall: what a budget cuts short yields no lineage at all rather than part of it.
            return Stopped(e.Message, context);
        }
        finally
        {
            tokenizer?.Release();
        }
    }

    // Nesting an ordinary thread's stack (1.5 MB for pool threads) holds with room to spare.
    private const int ShallowNesting = 64;

    /// <summary>
    /// How deep the text nests at most: open parentheses plus a run of prefix operators (NOT NOT …, - - …), which
    /// nest without parentheses. One pass over the tokens, so deciding where to analyse costs nothing measurable.
    /// </summary>
    private static int NestingOf(List<Token> tokens)
    {
        int depth = 0, run = 0, max = 0;
        foreach (var t in tokens)
        {
            if (t.Kind == TokenKind.Operator)
            {
                var op = t.Text;
                if (op == "(")
                {
                    depth++;
                }
                else if (op == ")")
                {
                    depth--;
                }

                run = op is "-" or "+" or "~" or "!" ? run + 1 : 0;
            }
            else
            {
                run = t.Is("NOT") ? run + 1 : 0;
            }

            if (depth + run > max)
            {
                max = depth + run;
            }
        }

        return max;
    }

    private static SqlLineageResult RunOnLargeStack(string sql, SqlAnalysisOptions options, SqlBudget? budget)
    {
        SqlLineageResult? result = null;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = Run(sql, options, budget, onLargeStack: true);
                }
                catch (Exception e)
                {
                    failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
                }
            },
            LargeStack)
        {
            Name = "tributary-sql-deep",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result!;
    }

    private static SqlLineageResult Stopped(string message, AnalyzerContext? context) =>
        new([], [], [], [], [], new Dictionary<string, IReadOnlyList<SqlIndirectSource>>(), [], [new SqlDiagnostic(1, 1, message, "", true)])
        {
            StoppedByBudget = true,
            CatalogLookups = context?.CatalogLookups,
        };

    private static SqlLineageResult Analyze(string sql, SqlAnalysisOptions options, AnalyzerContext context, Tokenizer tokenizer)
    {
        var diagnostics = new List<SqlDiagnostic>();
        // End-to-end columns under union semantics follow earlier writes as script semantics does; only the tables differ.
        var script = options.Semantics == SqlSemantics.Script || options.EndToEndColumns ? new ScriptState(context) : null;
        // Each statement is folded into the answer as it is analysed, under either semantics: a long script holds its
        // answer and the lineage of the tables it wrote, not every statement's analysis.
        var answer = new ScriptResult(context, options.Semantics == SqlSemantics.Script ? script : null);
        context.Budget?.Check();
        AnalyzeTokens(sql, tokenizer, inBody: false, options, context, diagnostics, script, answer);

        diagnostics.AddRange(context.Notes);
        diagnostics.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
        var result = answer.Build(diagnostics);
        result.CatalogLookups = context.CatalogLookups;
        return result;
    }

    /// <summary>
    /// Parses and analyses the statements of one token stream in order, one at a time, so a long script holds one
    /// statement's syntax tree at once. SQL held in strings (a routine body, a static EXECUTE) is analysed in its place.
    /// </summary>
    private static void AnalyzeTokens(
        string sql, Tokenizer tokenizer, bool inBody, SqlAnalysisOptions options, AnalyzerContext context, List<SqlDiagnostic> diagnostics,
        ScriptState? script, ScriptResult answer)
    {
        var tokens = tokenizer.Tokens;
        foreach (var (statement, start) in ParseStatements(sql, tokenizer, inBody, options, diagnostics, context.Budget, context.Variables, () => context.StackExhausted = true))
        {
            var token = tokens[start];
            if (statement is EmbeddedScriptStatement embedded)
            {
                var body = Tokenizer.Run(embedded.Text, context.Dialect, context.Budget, embedded.Offset, embedded.Line, embedded.Column);
                AnalyzeTokens(sql, body, inBody: true, options, context, diagnostics, script, answer);
                if (embedded.Keyword.StartsWith("CREATE", StringComparison.Ordinal))
                {
                    // The routine's parameters and variables end with its body.
                    context.Variables.Clear();
                }

                continue;
            }

            StatementLineage lineage;
            try
            {
                lineage = new StatementAnalyzer(context).Analyze(statement);
            }
            catch (Exception e) when (e is InvalidOperationException or InsufficientExecutionStackException or ArgumentException or NullReferenceException or InvalidCastException or IndexOutOfRangeException)
            {
                context.StackExhausted |= e is InsufficientExecutionStackException;
                // A statement the analysis cannot handle becomes a diagnostic, never an exception into the caller.
                diagnostics.Add(Diagnostic(sql, token.Line, token.Column, token.Start, "could not analyse the statement: " + e.Message));
                continue;
            }

            lineage.Line = token.Line;
            lineage.Column = token.Column;
            script?.Apply(lineage);
            answer.Add(lineage);
        }
    }

    private static IEnumerable<(Statement Statement, int Start)> ParseStatements(
        string sql, Tokenizer tokenizer, bool inBody, SqlAnalysisOptions options, List<SqlDiagnostic> diagnostics, SqlBudget? budget, HashSet<string> variables,
        Action stackExhausted)
    {
        var tokens = tokenizer.Tokens;
        var dialect = DialectInfo.For(options.Dialect);
        var parser = new Parser(tokens, dialect, options.MaxDepth, budget) { Text = sql, InBody = inBody, Variables = variables };
        var errors = tokenizer.Errors;
        var errorIndex = 0;
        var parsed = new List<(Statement? Statement, int Start, SqlParseException? Error, int TrailingAt)>();
        var start = 0;
        string? delimiter = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var next = i + 1;
            if (t.Is("DELIMITER") && (i == 0 || tokens[i - 1].Line < t.Line) && i + 1 < tokens.Count && tokens[i + 1].Line == t.Line)
            {
                // MySQL client: DELIMITER // makes // end statements until the next DELIMITER; the line itself is no statement.
                delimiter = DelimiterOn(sql, tokens[i + 1].Start);
                while (next < tokens.Count && tokens[next].Line == t.Line && tokens[next].Kind != TokenKind.End)
                {
                    next++;
                }

                if (delimiter == ";")
                {
                    delimiter = null;
                }
            }
            else if (delimiter is not null && t.Kind is TokenKind.Operator or TokenKind.Parameter && string.CompareOrdinal(sql, t.Start, delimiter, 0, delimiter.Length) == 0)
            {
                while (next < tokens.Count && tokens[next].Start < t.Start + delimiter.Length && tokens[next].Kind != TokenKind.End)
                {
                    next++;
                }
            }
            else if (t.Kind != TokenKind.Semicolon && t.Kind != TokenKind.End && !IsGo(tokens, i))
            {
                continue;
            }

            if (i > start)
            {
                if (errorIndex < errors.Count && errors[errorIndex].TokenIndex <= i)
                {
                    var (_, line, column, message) = errors[errorIndex];
                    diagnostics.Add(Diagnostic(sql, line, column, OffsetOf(sql, line, column), message));
                    while (errorIndex < errors.Count && errors[errorIndex].TokenIndex <= i)
                    {
                        errorIndex++;
                    }
                }
                else
                {
                    parsed.Clear();
                    try
                    {
                        parser.ParseRange(start, i, parsed);
                    }
                    catch (InsufficientExecutionStackException)
                    {
                        stackExhausted();
                        parsed.Add((null, start, new SqlParseException("the statement nests too deeply for the stack", start), -1));
                    }

                    foreach (var (index, message, isError) in parser.Notes)
                    {
                        var at = tokens[Math.Min(index, tokens.Count - 1)];
                        diagnostics.Add(Diagnostic(sql, at.Line, at.Column, at.Start, message, isError));
                    }

                    parser.Notes.Clear();
                    foreach (var (statement, statementStart, error, trailing) in parsed)
                    {
                        if (error is not null)
                        {
                            var at = tokens[Math.Min(error.TokenIndex, tokens.Count - 1)];
                            diagnostics.Add(Diagnostic(sql, at.Line, at.Column, at.Start, error.Message));
                            continue;
                        }

                        if (trailing >= 0)
                        {
                            var at = tokens[trailing];
                            diagnostics.Add(Diagnostic(sql, at.Line, at.Column, at.Start, $"ignored text after the statement starting with '{at.Text}'", isError: false));
                        }

                        yield return (statement!, statementStart);
                    }
                }
            }

            start = next == i + 1 ? i + 1 : next;
            if (next > i + 1)
            {
                i = next - 1;
            }

            if (t.Is("GO") && i + 1 < tokens.Count && tokens[i + 1].Kind == TokenKind.Number && tokens[i + 1].Line == t.Line)
            {
                // GO 5: the count belongs to the separator.
                start = i + 2;
                i++;
            }
        }

        if (parser.UnfinishedDeclarationsAt is >= 0 and var declared)
        {
            var at = tokens[Math.Min(declared, tokens.Count - 1)];
            diagnostics.Add(Diagnostic(sql, at.Line, at.Column, at.Start, "the declarations starting here reach no BEGIN, so nothing after them was analysed"));
        }
    }

    /// <summary>The delimiter a DELIMITER line sets: the rest of the line from <paramref name="from"/>, trimmed.</summary>
    private static string DelimiterOn(string sql, int from)
    {
        var end = sql.IndexOf('\n', from);
        return sql[from..(end < 0 ? sql.Length : end)].Trim();
    }

    /// <summary>T-SQL's batch separator: GO alone on its line.</summary>
    private static bool IsGo(List<Token> tokens, int i)
    {
        var t = tokens[i];
        if (!t.Is("GO"))
        {
            return false;
        }

        var previousOk = i == 0 || tokens[i - 1].Line < t.Line;
        var next = i + 1 < tokens.Count ? tokens[i + 1] : default;
        var nextOk = next.Kind == TokenKind.End || next.Line > t.Line || next.Kind == TokenKind.Semicolon || next.Kind == TokenKind.Number;
        return previousOk && nextOk;
    }

    private static int OffsetOf(string sql, int line, int column)
    {
        var offset = 0;
        for (var l = 1; l < line && offset < sql.Length; l++)
        {
            var nl = sql.IndexOf('\n', offset);
            if (nl < 0)
            {
                return sql.Length;
            }

            offset = nl + 1;
        }

        return Math.Min(sql.Length, offset + column - 1);
    }

    internal static SqlDiagnostic Diagnostic(string sql, int line, int column, int offset, string message, bool isError = true)
    {
        offset = Math.Clamp(offset, 0, sql.Length);
        var lineStart = offset == 0 ? 0 : sql.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1;
        if (offset > 0 && offset <= sql.Length && sql[offset - 1] == '\n')
        {
            lineStart = offset;
        }

        var lineEnd = sql.IndexOf('\n', offset);
        if (lineEnd < 0)
        {
            lineEnd = sql.Length;
        }

        var from = Math.Max(lineStart, offset - 40);
        var to = Math.Min(lineEnd, offset + 40);
        var snippet = sql[from..to].Trim();
        return new SqlDiagnostic(line, column, message, snippet, isError);
    }
}
