using Tributary.Model.Facets;

namespace Tributary.Sql;

/// <summary>The lineage of a SQL text: tables, column lineage, indirect uses and diagnostics, combined per the chosen semantics.</summary>
public sealed class SqlLineageResult
{
    internal SqlLineageResult(
        IReadOnlyList<string> inputs,
        IReadOnlyList<string> outputs,
        IReadOnlyList<string> intermediates,
        IReadOnlyList<SqlColumnLineage> columns,
        IReadOnlyList<SqlIndirectSource> indirect,
        IReadOnlyDictionary<string, IReadOnlyList<SqlIndirectSource>> indirectByOutput,
        IReadOnlyList<SqlStatementLineage> statements,
        IReadOnlyList<SqlDiagnostic> diagnostics)
    {
        Inputs = inputs;
        Outputs = outputs;
        Intermediates = intermediates;
        Columns = columns;
        Indirect = indirect;
        IndirectByOutput = indirectByOutput;
        Statements = statements;
        Diagnostics = diagnostics;
    }

    /// <summary>The tables read, sorted.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>The tables written, sorted.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>Script semantics: tables written and read inside the script (temporary tables always), sorted; empty otherwise.</summary>
    public IReadOnlyList<string> Intermediates { get; }

    /// <summary>Lineage per target column, in statement order.</summary>
    public IReadOnlyList<SqlColumnLineage> Columns { get; }

    /// <summary>Dataset-level indirect uses (joins, filters, grouping, sorting, window keys), sorted.</summary>
    public IReadOnlyList<SqlIndirectSource> Indirect { get; }

    /// <summary>The dataset-level indirect uses that affect each output table.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<SqlIndirectSource>> IndirectByOutput { get; }

    /// <summary>Each analysed statement on its own.</summary>
    public IReadOnlyList<SqlStatementLineage> Statements { get; }

    /// <summary>Problems found: statements that could not be parsed (with line:column), parts skipped.</summary>
    public IReadOnlyList<SqlDiagnostic> Diagnostics { get; }

    /// <summary>
    /// True when the analysis was stopped by <see cref="SqlAnalysisOptions.TimeBudget"/> or <see cref="SqlAnalysisOptions.MaxLength"/>:
    /// then there is no lineage, and <see cref="Diagnostics"/> says which limit was reached.
    /// </summary>
    public bool StoppedByBudget { get; init; }

    /// <summary>
    /// The catalog tables the analysis looked up and what it found (null columns: not found), so a caller that keeps
    /// the result can tell whether a later catalog would give the same answer.
    /// </summary>
    internal IReadOnlyList<CatalogLookup>? CatalogLookups { get; set; }

    /// <summary>True when at least one statement could not be analysed.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>
    /// The <c>columnLineage</c> facet of each output table: each field's inputs as DIRECT (IDENTITY, TRANSFORMATION,
    /// AGGREGATION, with masking) and INDIRECT (CONDITIONAL, WINDOW) transformations, and the dataset-level
    /// INDIRECT list (JOIN, FILTER, GROUP_BY, SORT, WINDOW). Input datasets are placed in <paramref name="inputNamespace"/>.
    /// </summary>
    public IReadOnlyDictionary<string, ColumnLineageDatasetFacet> ToColumnLineageFacets(string inputNamespace)
    {
        ArgumentNullException.ThrowIfNull(inputNamespace);
        var facets = new SortedDictionary<string, ColumnLineageDatasetFacet>(StringComparer.Ordinal);
        foreach (var output in Outputs)
        {
            var fields = new List<ColumnLineageField>();
            var positions = new Dictionary<string, int>(StringComparer.Ordinal); // by name, not a scan per column: statements can write 100,000 columns
            foreach (var column in Columns)
            {
                if (!string.Equals(column.Target.Table, output, StringComparison.Ordinal))
                {
                    continue;
                }

                var inputs = new List<InputField>();
                var seen = new Dictionary<SqlColumnRef, List<Transformation>>();
                foreach (var source in column.Sources)
                {
                    Add(seen, source.Column, new Transformation("DIRECT", Subtype(source.Kind), null, source.Masking ? true : null));
                }

                foreach (var indirect in column.IndirectSources)
                {
                    Add(seen, indirect.Column, new Transformation("INDIRECT", Subtype(indirect.Kind)));
                }

                foreach (var (source, transformations) in seen)
                {
                    inputs.Add(new InputField(inputNamespace, source.Table ?? "", source.Column) { Transformations = transformations });
                }

                if (positions.TryGetValue(column.Target.Column, out var existing))
                {
                    fields[existing] = fields[existing] with { InputFields = [.. fields[existing].InputFields, .. inputs] };
                }
                else
                {
                    positions.Add(column.Target.Column, fields.Count);
                    fields.Add(new ColumnLineageField(column.Target.Column, inputs));
                }
            }

            var dataset = new List<InputField>();
            if (IndirectByOutput.TryGetValue(output, out var indirectList))
            {
                foreach (var group in indirectList.GroupBy(i => i.Column))
                {
                    dataset.Add(new InputField(inputNamespace, group.Key.Table ?? "", group.Key.Column)
                    {
                        Transformations = [.. group.Select(i => new Transformation("INDIRECT", Subtype(i.Kind)))],
                    });
                }
            }

            facets[output] = new ColumnLineageDatasetFacet { Fields = fields, Dataset = dataset };
        }

        return facets;

        static void Add(Dictionary<SqlColumnRef, List<Transformation>> seen, SqlColumnRef column, Transformation t)
        {
            if (!seen.TryGetValue(column, out var list))
            {
                seen[column] = list = [];
            }

            list.Add(t);
        }
    }

    /// <summary>The flat form: one row per (source, target, transformation), direct edges first, then dataset-level indirect ones.</summary>
    public IReadOnlyList<SqlLineageEdge> ToEdges()
    {
        var edges = new List<SqlLineageEdge>();
        foreach (var column in Columns)
        {
            foreach (var source in column.Sources)
            {
                edges.Add(new SqlLineageEdge(source.Column, column.Target.Table, column.Target.Column, "DIRECT", Subtype(source.Kind), source.Masking));
            }

            foreach (var indirect in column.IndirectSources)
            {
                edges.Add(new SqlLineageEdge(indirect.Column, column.Target.Table, column.Target.Column, "INDIRECT", Subtype(indirect.Kind), false));
            }
        }

        foreach (var (output, list) in IndirectByOutput.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var indirect in list)
            {
                edges.Add(new SqlLineageEdge(indirect.Column, output, null, "INDIRECT", Subtype(indirect.Kind), false));
            }
        }

        return edges;
    }

    /// <summary>The OpenLineage subtype name of a kind: IDENTITY, TRANSFORMATION or AGGREGATION.</summary>
    public static string Subtype(SqlLineageKind kind) => kind switch
    {
        SqlLineageKind.Identity => "IDENTITY",
        SqlLineageKind.Transformation => "TRANSFORMATION",
        _ => "AGGREGATION",
    };

    /// <summary>The OpenLineage subtype name of an indirect kind: JOIN, FILTER, GROUP_BY, SORT, WINDOW or CONDITIONAL.</summary>
    public static string Subtype(SqlIndirectKind kind) => kind switch
    {
        SqlIndirectKind.Join => "JOIN",
        SqlIndirectKind.Filter => "FILTER",
        SqlIndirectKind.GroupBy => "GROUP_BY",
        SqlIndirectKind.Sort => "SORT",
        SqlIndirectKind.Window => "WINDOW",
        _ => "CONDITIONAL",
    };
}

/// <summary>One catalog lookup an analysis made: the table name asked for and the columns found, or null.</summary>
internal readonly record struct CatalogLookup(string Table, IReadOnlyList<string>? Columns);
