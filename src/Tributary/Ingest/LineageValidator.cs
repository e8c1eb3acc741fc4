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
    public static List<LineageError> Validate(LineageEvent e)
    {
        var errors = new List<LineageError>();
        Require(errors, "$.producer", e.Producer);
        if (e.EventTime == default)
        {
            errors.Add(new LineageError("$.eventTime", "required"));
        }

        switch (e)
        {
            case RunEvent run:
                CheckJob(errors, "$.job", run.Job);
                CheckDatasets(errors, "$.inputs", run.Inputs);
                CheckDatasets(errors, "$.outputs", run.Outputs);
                break;
            case JobEvent job:
                CheckJob(errors, "$.job", job.Job);
                CheckDatasets(errors, "$.inputs", job.Inputs);
                CheckDatasets(errors, "$.outputs", job.Outputs);
                break;
            case DatasetEvent dataset:
                CheckDataset(errors, "$.dataset", dataset.Dataset);
                break;
        }

        return errors;
    }

    private static void CheckJob(List<LineageError> errors, string path, Job? job)
    {
        if (job is null)
        {
            errors.Add(new LineageError(path, "required"));
            return;
        }

        Require(errors, path + ".namespace", job.Id.Namespace);
        Require(errors, path + ".name", job.Id.Name);
    }

    private static void CheckDatasets(List<LineageError> errors, string path, IReadOnlyList<Dataset>? datasets)
    {
        for (var i = 0; i < (datasets?.Count ?? 0); i++)
        {
            CheckDataset(errors, $"{path}[{i}]", datasets![i]);
        }
    }

    private static void CheckDataset(List<LineageError> errors, string path, Dataset? dataset)
    {
        if (dataset is null)
        {
            errors.Add(new LineageError(path, "required"));
            return;
        }

        Require(errors, path + ".namespace", dataset.Id.Namespace);
        Require(errors, path + ".name", dataset.Id.Name);
        foreach (var (key, facet) in dataset.Facets)
        {
            var at = $"{path}.facets.{key}";
            switch (facet)
            {
                case SymlinksDatasetFacet symlinks:
                    for (var i = 0; i < symlinks.Identifiers.Count; i++)
                    {
                        Require(errors, $"{at}.identifiers[{i}].namespace", symlinks.Identifiers[i].Namespace);
                        Require(errors, $"{at}.identifiers[{i}].name", symlinks.Identifiers[i].Name);
                    }

                    break;
                case ColumnLineageDatasetFacet lineage:
                    foreach (var field in lineage.Fields)
                    {
                        Require(errors, $"{at}.fields", field.Name);
                        CheckInputFields(errors, $"{at}.fields.{field.Name}.inputFields", field.InputFields);
                    }

                    CheckInputFields(errors, $"{at}.dataset", lineage.Dataset);
                    break;
            }
        }
    }

    private static void CheckInputFields(List<LineageError> errors, string path, IReadOnlyList<InputField> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            Require(errors, $"{path}[{i}].namespace", fields[i].Namespace);
            Require(errors, $"{path}[{i}].name", fields[i].Name);
            Require(errors, $"{path}[{i}].field", fields[i].Field);
        }
    }

    private static void Require(List<LineageError> errors, string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new LineageError(path, "required, and must not be blank"));
            return;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                errors.Add(new LineageError(path, $"contains the control character U+{(int)c:X4}"));
                return;
            }
        }
    }
}
