using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Query;

/// <summary>
/// What a proposed SQL change to a job would change and break: per output dataset, the columns removed, renamed,
/// added or recomputed from different sources, the inputs no longer or newly read, and everything downstream that
/// depends on a removed, renamed or recomputed column (fields, datasets, the jobs that write them, their owners).
/// </summary>
/// <param name="Job">The job whose SQL would change.</param>
/// <param name="Outputs">One entry per output dataset the current or proposed SQL writes, sorted.</param>
/// <param name="InputsRemoved">Datasets the job reads now and the proposed SQL no longer reads, sorted.</param>
/// <param name="InputsAdded">Tables the proposed SQL reads that the job does not read now (dataset ids when the graph knows them), sorted.</param>
/// <param name="Diagnostics">What the SQL parser could not analyse (line:column), if anything.</param>
public sealed record SqlChangeImpact(
    JobId Job,
    IReadOnlyList<SqlOutputChange> Outputs,
    IReadOnlyList<string> InputsRemoved,
    IReadOnlyList<string> InputsAdded,
    IReadOnlyList<string> Diagnostics)
{
    /// <summary>True when something downstream depends on a removed, renamed or recomputed column: a CI gate fails on it.</summary>
    public bool Breaks => Outputs.Any(o => o.Downstream.Count > 0);
}

/// <summary>The change to one output dataset of the job.</summary>
/// <param name="Dataset">The output dataset (its id when the graph knows it, else the table name the SQL writes).</param>
/// <param name="Columns">Each column that would change, by name.</param>
/// <param name="Downstream">Fields downstream of the removed, renamed and recomputed columns, each with the column it depends on, sorted.</param>
/// <param name="Datasets">Datasets holding those downstream fields, sorted.</param>
/// <param name="Jobs">Jobs that write those datasets, sorted.</param>
/// <param name="Owners">Owners of those datasets and jobs, by name.</param>
public sealed record SqlOutputChange(
    string Dataset,
    IReadOnlyList<SqlColumnChange> Columns,
    IReadOnlyList<SqlDownstreamField> Downstream,
    IReadOnlyList<DatasetId> Datasets,
    IReadOnlyList<JobId> Jobs,
    IReadOnlyList<Owner> Owners);

/// <summary>One output column that would change.</summary>
/// <param name="Column">The column's current name (for an added column, its new name).</param>
/// <param name="Change">removed, renamed, added or recomputed.</param>
/// <param name="NewName">For a rename, the new name.</param>
/// <param name="SourcesBefore">Where its value comes from now (<c>dataset.column</c>), sorted.</param>
/// <param name="SourcesAfter">Where it would come from, sorted.</param>
public sealed record SqlColumnChange(string Column, string Change, string? NewName, IReadOnlyList<string> SourcesBefore, IReadOnlyList<string> SourcesAfter);

/// <summary>A field downstream of a changed column.</summary>
/// <param name="Field">The downstream field.</param>
/// <param name="Column">The changed output column it depends on.</param>
/// <param name="Depth">Column hops from the changed column.</param>
public sealed record SqlDownstreamField(FieldId Field, string Column, int Depth);

/// <summary>What a dbt project's compiled SQL would change and break, model by model (<c>tributary impact --dbt</c>).</summary>
/// <param name="Models">One SQL change impact per model the store knows, in unique-id order (unchanged models included, with no outputs).</param>
/// <param name="NotInStore">Models whose job the store does not know (not run yet), by unique id.</param>
/// <param name="NotCompiled">Models the manifest holds no compiled SQL for (run <c>dbt compile</c>), by unique id.</param>
public sealed record DbtChangeImpact(IReadOnlyList<SqlChangeImpact> Models, IReadOnlyList<string> NotInStore, IReadOnlyList<string> NotCompiled)
{
    /// <summary>True when something downstream of any model depends on a removed, renamed or recomputed column.</summary>
    public bool Breaks => Models.Any(m => m.Breaks);
}
