using System.Buffers;
using Tributary.Json;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Ingest;

/// <summary>
/// The checks ingest adds to the reader's: every identity an event mentions (job, datasets, symlinks, column-lineage
/// inputs) has a namespace and a name that are not blank and hold no control characters, and the producer is set.
/// These are what the graph keys on, so an event that fails them cannot be placed in lineage.
/// </summary>
internal static class LineageValidator
{
    // The list the checks add to, one per thread and cleared for each event: nearly every event has no error, and a new
    // list per event was an allocation of every event the door takes.
    [ThreadStatic]
    private static List<LineageError>? t_errors;

    /// <summary>What is wrong with <paramref name="e"/>, each with its JSON path; empty when nothing is.</summary>
    public static IReadOnlyList<LineageError> Validate(LineageEvent e)
    {
        var errors = t_errors ??= [];
        errors.Clear();
        Check(errors, e);
        return errors.Count == 0 ? [] : errors.ToArray();
    }

    private static void Check(List<LineageError> errors, LineageEvent e)
    {
        Require(errors, e.Producer, "$.producer");
        if (e.EventTime == default)
        {
            errors.Add(new LineageError("$.eventTime", "required"));
        }

        switch (e)
        {
            case RunEvent run:
                CheckJob(errors, run.Job);
                CheckDatasets(errors, "$.inputs", run.Inputs);
                CheckDatasets(errors, "$.outputs", run.Outputs);
                break;
            case JobEvent job:
                CheckJob(errors, job.Job);
                CheckDatasets(errors, "$.inputs", job.Inputs);
                CheckDatasets(errors, "$.outputs", job.Outputs);
                break;
            case DatasetEvent dataset:
                CheckDataset(errors, new Path("$.dataset"), dataset.Dataset);
                break;
        }
    }

    private static void CheckJob(List<LineageError> errors, Job? job)
    {
        if (job is null)
        {
            errors.Add(new LineageError("$.job", "required"));
            return;
        }

        Require(errors, job.Id.Namespace, "$.job.namespace");
        Require(errors, job.Id.Name, "$.job.name");
    }

    private static void CheckDatasets(List<LineageError> errors, string path, IReadOnlyList<Dataset>? datasets)
    {
        for (var i = 0; i < (datasets?.Count ?? 0); i++)
        {
            CheckDataset(errors, new Path(path, i), datasets![i]);
        }
    }

    private static void CheckDataset(List<LineageError> errors, Path path, Dataset? dataset)
    {
        if (dataset is null)
        {
            errors.Add(new LineageError(path.ToString(), "required"));
            return;
        }

        Require(errors, dataset.Id.Namespace, path, ".namespace");
        Require(errors, dataset.Id.Name, path, ".name");
        foreach (var (key, facet) in dataset.Facets.Items)
        {
            switch (facet)
            {
                case SymlinksDatasetFacet symlinks:
                    for (var i = 0; i < symlinks.Identifiers.Count; i++)
                    {
                        if (Problem(symlinks.Identifiers[i].Namespace) is { } ns)
                        {
                            errors.Add(new LineageError(path + $".facets.{key}.identifiers[{i}].namespace", ns));
                        }

                        if (Problem(symlinks.Identifiers[i].Name) is { } name)
                        {
                            errors.Add(new LineageError(path + $".facets.{key}.identifiers[{i}].name", name));
                        }
                    }

                    break;
                case ColumnLineageDatasetFacet lineage:
                    for (var f = 0; f < lineage.Fields.Count; f++)
                    {
                        var field = lineage.Fields[f];
                        if (Problem(field.Name) is { } name)
                        {
                            errors.Add(new LineageError(path + $".facets.{key}.fields", name));
                        }

                        CheckInputFields(errors, path, key, field.Name, field.InputFields);
                    }

                    CheckInputFields(errors, path, key, null, lineage.Dataset);
                    break;
            }
        }
    }

    // The path of an input field is only spelled out when one of its values is wrong: a valid event builds no paths.
    private static void CheckInputFields(List<LineageError> errors, Path path, string key, string? field, IReadOnlyList<InputField> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (Problem(fields[i].Namespace) is null && Problem(fields[i].Name) is null && Problem(fields[i].Field) is null)
            {
                continue;
            }

            var at = field is null ? $".facets.{key}.dataset[{i}]" : $".facets.{key}.fields.{field}.inputFields[{i}]";
            Require(errors, fields[i].Namespace, path, at + ".namespace");
            Require(errors, fields[i].Name, path, at + ".name");
            Require(errors, fields[i].Field, path, at + ".field");
        }
    }

    private static void Require(List<LineageError> errors, string? value, Path path, string suffix)
    {
        if (Problem(value) is { } problem)
        {
            errors.Add(new LineageError(path + suffix, problem));
        }
    }

    private static void Require(List<LineageError> errors, string? value, string path)
    {
        if (Problem(value) is { } problem)
        {
            errors.Add(new LineageError(path, problem));
        }
    }

    // C0, DEL and C1: char.IsControl's set, searched in one vectorised pass. (IndexOfAnyInRange on chars boxed its bounds
    // on every call in .NET 10, 96 bytes each: most of what validating a valid event allocated.)
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c)]);

    private static string? Problem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "required, and must not be blank";
        }

        // Control characters are C0 and DEL with C1; one vectorised scan for the clean text every event has.
        if (!value.AsSpan().ContainsAny(ControlCharacters))
        {
            return null;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return $"contains the control character U+{(int)c:X4}";
            }
        }

        return null;
    }

    // A dataset's JSON path, as a prefix and an index, turned into text only when there is a problem to report.
    private readonly record struct Path(string Prefix, int Index = -1)
    {
        public override string ToString() => Index < 0 ? Prefix : $"{Prefix}[{Index}]";

        public static string operator +(Path path, string suffix) => path.ToString() + suffix;
    }
}
