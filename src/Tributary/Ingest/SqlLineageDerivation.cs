using Tributary.Json;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Sql;

namespace Tributary.Ingest;

/// <summary>
/// Derives the <c>columnLineage</c> facet of a run's outputs from the SQL in its <c>sql</c> job facet, for producers
/// that send the query but not its column lineage. The dialect comes from the facet's <c>dialect</c>, else the
/// <c>jobType</c> integration, else the scheme of the datasets' namespace; the catalog from the <c>schema</c> facets of
/// the event's datasets and the schemas already known. SQL table names are matched to the event's datasets (exactly,
/// or as the last parts of a longer name or path), so the derived input fields name the datasets the producer sent.
/// A derived facet carries <see cref="Producer"/> as its <c>_producer</c>, and an output that already has a
/// <c>columnLineage</c> facet is never touched: what a producer sends always wins.
/// </summary>
public static class SqlLineageDerivation
{
    /// <summary>The <c>_producer</c> of every derived facet: Tributary's, with the fragment <c>#derived-from-sql</c>.</summary>
    public const string Producer = EventWriter.TributaryProducer + "#derived-from-sql";

    /// <summary>True when a facet was derived by Tributary from SQL rather than sent by a producer.</summary>
    public static bool IsDerived(Facet facet) => facet?.Producer == Producer;

    /// <summary>
    /// Returns the event with derived column lineage on each output that has none, or the same instance when there is
    /// nothing to derive (no <c>sql</c> facet, no outputs, every output already has column lineage, or the SQL yields
    /// none). Never throws for bad SQL.
    /// </summary>
    /// <param name="lineageEvent">The event, normalised.</param>
    /// <param name="knownSchemas">Tables and columns known from earlier events, or null; the event's own schema facets are added to it first.</param>
    public static LineageEvent Derive(LineageEvent lineageEvent, SqlCatalog? knownSchemas = null)
    {
        ArgumentNullException.ThrowIfNull(lineageEvent);
        if (SqlOf(lineageEvent) is not { } sql)
        {
            return lineageEvent;
        }

        var run = (RunEvent)lineageEvent;
        var catalog = knownSchemas ?? new SqlCatalog();
        Learn(catalog, run);
        var dialect = DialectOf(run);
        return Apply(run, SqlLineage.Analyze(sql, AnalysisOptions(dialect, catalog, null)), dialect);
    }

    /// <summary>The SQL to derive lineage from: a run event's <c>sql</c> facet when some output has no column lineage yet; else null.</summary>
    internal static string? SqlOf(LineageEvent lineageEvent)
    {
        if (lineageEvent is not RunEvent run || run.Outputs.Count == 0 || run.Job.Facets.Get<SqlJobFacet>() is not { Deleted: false } sql
            || string.IsNullOrWhiteSpace(sql.Query))
        {
            return null;
        }

        foreach (var output in run.Outputs)
        {
            if (output.Facets.Get<ColumnLineageDatasetFacet>() is null)
            {
                return sql.Query;
            }
        }

        return null;
    }

    /// <summary>How a run's SQL is analysed: script semantics over the known schemas, within an optional budget.</summary>
    internal static SqlAnalysisOptions AnalysisOptions(SqlDialect dialect, SqlCatalog catalog, SqlDerivationBudget? budget) => new()
    {
        Dialect = dialect,
        Catalog = catalog,
        Semantics = SqlSemantics.Script,
        TimeBudget = budget?.Time,
        MaxLength = budget?.MaxLength ?? int.MaxValue,
    };

    /// <summary>
    /// The run with the column lineage of an analysis placed on its outputs (those without any), or the same instance
    /// when the analysis wrote nothing that matches. Linear in the number of columns: every name is looked up, never
    /// searched for.
    /// </summary>
    internal static LineageEvent Apply(RunEvent run, SqlLineageResult result, SqlDialect dialect)
    {
        if (result.Outputs.Count == 0)
        {
            return run;
        }

        var places = new Placement(run);
        var facets = result.ToColumnLineageFacets(places.Fallback);
        var outputs = run.Outputs.ToArray();
        var outputIds = new List<DatasetId>(outputs.Length);
        foreach (var output in outputs)
        {
            outputIds.Add(output.Id);
        }

        var changed = false;
        foreach (var (table, facet) in facets)
        {
            if (facet.Fields.Count == 0 && facet.Dataset.Count == 0)
            {
                continue;
            }

            var target = Match(table, outputIds);
            if (target < 0 && facets.Count == 1 && outputs.Length == 1)
            {
                target = 0; // one table written, one output sent: they are the same, whatever the naming.
            }

            if (target < 0 || outputs[target].Facets.Get<ColumnLineageDatasetFacet>() is not null)
            {
                continue;
            }

            // Field names as the output's schema spells them (Hive and Snowflake fold case; the SQL may not).
            var schema = Placement.Spellings(outputs[target]);
            var fields = new List<ColumnLineageField>(facet.Fields.Count);
            foreach (var f in facet.Fields)
            {
                var inputs = new List<InputField>(f.InputFields.Count);
                foreach (var i in f.InputFields)
                {
                    inputs.Add(places.Place(i));
                }

                fields.Add(f with
                {
                    Name = schema is not null && schema.TryGetValue(f.Name, out var spelled) ? spelled
                        : dialect == SqlDialect.Hive ? f.Name.ToLowerInvariant() : f.Name, // the Hive metastore keeps column names in lower case
                    InputFields = inputs,
                });
            }

            var dataset = new List<InputField>(facet.Dataset.Count);
            foreach (var i in facet.Dataset)
            {
                dataset.Add(places.Place(i));
            }

            var derived = new ColumnLineageDatasetFacet { Fields = fields, Dataset = dataset, Producer = Producer };
            outputs[target] = outputs[target] with { Facets = outputs[target].Facets.With(ColumnLineageDatasetFacet.Key, derived) };
            changed = true;
        }

        return changed ? run with { Outputs = outputs } : run;
    }

    /// <summary>
    /// The dialect of a run's SQL: the <c>sql</c> facet's <c>dialect</c>, else the <c>jobType</c> integration, else the
    /// scheme of the first dataset namespace that names a database (<c>postgres://</c>, <c>snowflake://</c>, ...); ANSI otherwise.
    /// </summary>
    public static SqlDialect DialectOf(RunEvent run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Job.Facets.Get<SqlJobFacet>()?.Dialect is { Length: > 0 } named && SqlAnalysisOptions.TryParseDialect(named, out var dialect))
        {
            return dialect;
        }

        if (run.Job.Facets.Get<JobTypeJobFacet>()?.Integration is { Length: > 0 } integration && SqlAnalysisOptions.TryParseDialect(integration, out dialect) && dialect != SqlDialect.Ansi)
        {
            return dialect;
        }

        foreach (var id in run.Inputs.Select(i => i.Id).Concat(run.Outputs.Select(o => o.Id)))
        {
            var colon = id.Namespace.IndexOf(':', StringComparison.Ordinal);
            var scheme = colon > 0 ? id.Namespace[..colon] : id.Namespace;
            if (scheme is "awsathena")
            {
                return SqlDialect.Athena;
            }

            if (scheme is "sqlserver" or "mssql" or "azuresql")
            {
                return SqlDialect.TSql;
            }

            if (SqlAnalysisOptions.TryParseDialect(scheme, out dialect) && dialect != SqlDialect.Ansi)
            {
                return dialect;
            }
        }

        return SqlDialect.Ansi;
    }

    /// <summary>Adds the <c>schema</c> facets of a run event's inputs and outputs to a catalog (see <see cref="AddSchema(SqlCatalog, Dataset)"/>); other events add nothing.</summary>
    public static void Learn(SqlCatalog catalog, LineageEvent lineageEvent)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (lineageEvent is RunEvent run)
        {
            foreach (var input in run.Inputs)
            {
                AddSchema(catalog, input);
            }

            foreach (var output in run.Outputs)
            {
                AddSchema(catalog, output);
            }
        }
    }

    /// <summary>
    /// Adds a dataset's <c>schema</c> facet to a catalog under its name (for a path such as <c>/warehouse/t1</c>, under its
    /// last segment); a dataset without a schema, or with the columns already known, leaves the catalog as it is.
    /// </summary>
    public static void AddSchema(SqlCatalog catalog, Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Facets.Get<SchemaDatasetFacet>() is not { Deleted: false, Fields.Count: > 0 } schema)
        {
            return;
        }

        AddSchema(catalog, dataset.Id, schema.Fields);
    }

    /// <summary>Adds a dataset's fields to a catalog under its table name, as <see cref="AddSchema(SqlCatalog, Dataset)"/> does for a facet.</summary>
    public static void AddSchema(SqlCatalog catalog, DatasetId dataset, IReadOnlyList<SchemaField> fields)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(fields);
        var name = TableName(dataset.Name);
        if (name.Length == 0)
        {
            return;
        }

        if (catalog.TryGetColumns(name, out var known) && SameNames(known, fields))
        {
            return;
        }

        catalog.Add(name, fields.Select(f => f.Name));
    }

    // Whether the catalog's columns are the fields' names in order. Every event's schemas are checked here, in order
    // under the replica's apply lock, so this allocates nothing.
    private static bool SameNames(IReadOnlyList<string> known, IReadOnlyList<SchemaField> fields)
    {
        if (known.Count != fields.Count)
        {
            return false;
        }

        for (var i = 0; i < known.Count; i++)
        {
            if (!string.Equals(known[i], fields[i].Name, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string TableName(string datasetName)
    {
        var name = datasetName.TrimEnd('/');
        var slash = name.LastIndexOf('/');
        return slash >= 0 ? name[(slash + 1)..] : name;
    }

    // The dataset a SQL table name refers to: the same name, else the unique dataset whose name ends with it after a
    // '.' or '/', else the unique one with the same last part.
    private static int Match(string table, List<DatasetId> datasets)
    {
        for (var i = 0; i < datasets.Count; i++)
        {
            if (string.Equals(datasets[i].Name, table, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        var found = Unique(datasets, d => EndsWithPart(d.Name, table));
        if (found >= 0)
        {
            return found;
        }

        var dot = table.LastIndexOf('.');
        var last = dot >= 0 ? table[(dot + 1)..] : table;
        return dot >= 0 ? Unique(datasets, d => EndsWithPart(d.Name, last)) : -1;

        static bool EndsWithPart(string name, string part) =>
            name.Length > part.Length && name.EndsWith(part, StringComparison.OrdinalIgnoreCase) && name[^(part.Length + 1)] is '.' or '/';
    }

    private static int Unique(List<DatasetId> datasets, Func<DatasetId, bool> predicate)
    {
        var found = -1;
        for (var i = 0; i < datasets.Count; i++)
        {
            if (predicate(datasets[i]))
            {
                if (found >= 0 && datasets[found] != datasets[i])
                {
                    return -1;
                }

                found = found < 0 ? i : found;
            }
        }

        return found;
    }

    // Where the input fields of derived lineage go: the event's dataset a SQL table name refers to (asked once per
    // table name), with the field spelled as that dataset's schema spells it (an index per dataset, built on first use).
    private sealed class Placement
    {
        private readonly List<Dataset> _datasets = [];
        private readonly List<DatasetId> _ids = [];
        private readonly Dictionary<string, int> _matches = new(StringComparer.Ordinal);
        private readonly Dictionary<int, Dictionary<string, string>?> _spellings = [];

        public Placement(RunEvent run)
        {
            foreach (var input in run.Inputs)
            {
                _datasets.Add(input);
                _ids.Add(input.Id);
            }

            foreach (var output in run.Outputs)
            {
                _datasets.Add(output);
                _ids.Add(output.Id);
            }

            Fallback = run.Inputs.Count > 0 ? run.Inputs[0].Id.Namespace : run.Outputs[0].Id.Namespace;
        }

        public string Fallback { get; }

        public InputField Place(InputField field)
        {
            if (!_matches.TryGetValue(field.Name, out var match))
            {
                _matches[field.Name] = match = Match(field.Name, _ids);
            }

            if (match < 0)
            {
                return field with { Namespace = Fallback };
            }

            if (!_spellings.TryGetValue(match, out var spellings))
            {
                _spellings[match] = spellings = Spellings(_datasets[match]);
            }

            var spelled = spellings is not null && spellings.TryGetValue(field.Field, out var s) ? s : field.Field;
            return field with { Namespace = _ids[match].Namespace, Name = _ids[match].Name, Field = spelled };
        }

        /// <summary>A dataset's schema field names by their case-insensitive spelling (the first of equal ones wins), or null without a schema.</summary>
        public static Dictionary<string, string>? Spellings(Dataset dataset)
        {
            if (dataset.Facets.Get<SchemaDatasetFacet>()?.Fields is not { } fields)
            {
                return null;
            }

            var spellings = new Dictionary<string, string>(fields.Count, StringComparer.OrdinalIgnoreCase);
            foreach (var field in fields)
            {
                spellings.TryAdd(field.Name, field.Name);
            }

            return spellings;
        }
    }
}
