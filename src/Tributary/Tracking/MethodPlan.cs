using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Tracking;

/// <summary>What the proxy does for one interface method, worked out once when the implementation is wrapped.</summary>
internal sealed class MethodPlan
{
    private static readonly (string Prefix, Model.OperationType Type)[] _verbs =
    [
        ("Load", Model.OperationType.Read), ("Get", Model.OperationType.Read), ("Read", Model.OperationType.Read), ("Find", Model.OperationType.Read),
        ("Fetch", Model.OperationType.Read), ("Query", Model.OperationType.Read), ("List", Model.OperationType.Read), ("Scan", Model.OperationType.Read),
        ("Save", Model.OperationType.Write), ("Write", Model.OperationType.Write), ("Insert", Model.OperationType.Write), ("Store", Model.OperationType.Write),
        ("Put", Model.OperationType.Write), ("Append", Model.OperationType.Write), ("Add", Model.OperationType.Write), ("Upsert", Model.OperationType.Write),
        ("Delete", Model.OperationType.Delete), ("Remove", Model.OperationType.Delete), ("Purge", Model.OperationType.Delete),
        ("Update", Model.OperationType.Update), ("Copy", Model.OperationType.Copy), ("Validate", Model.OperationType.Validate),
        ("Transform", Model.OperationType.Transform), ("Aggregate", Model.OperationType.Aggregate), ("Join", Model.OperationType.Join),
        ("Merge", Model.OperationType.Join), ("Filter", Model.OperationType.Filter),
    ];

    private MethodPlan(JobId job, OperationType? operationType, DatasetTemplate[] inputs, DatasetTemplate[] outputs, bool countRecords, int collectionArgument, ResultShape shape, FacetSet? repositoryFacets = null, string?[]? parameterNames = null)
    {
        ParameterNames = parameterNames ?? [];
        RepositoryFacets = repositoryFacets;
        Job = job;
        OperationType = operationType;
        Inputs = inputs;
        Outputs = outputs;
        CountRecords = countRecords;
        CollectionArgument = collectionArgument;
        Shape = shape;
    }

    /// <summary>The plan of a method that is called through untouched.</summary>
    public static MethodPlan Untracked { get; } = new(default, null, [], [], false, -1, ResultShape.Plain);

    public bool Tracked => this != Untracked;

    public JobId Job { get; }

    public OperationType? OperationType { get; }

    public DatasetTemplate[] Inputs { get; }

    public DatasetTemplate[] Outputs { get; }

    public bool CountRecords { get; }

    /// <summary>The facets the repository's datasets carry: <c>datasetType</c> REPOSITORY, subtype the repository's name.</summary>
    public FacetSet? RepositoryFacets { get; }

    /// <summary>The index of the first parameter declared as a collection (the data a write is given), or -1.</summary>
    public int CollectionArgument { get; }

    public ResultShape Shape { get; }

    /// <summary>The method's parameter names, in order, recorded with each call; null for an <c>out</c> parameter, which has no value yet.</summary>
    public string?[] ParameterNames { get; }

    [RequiresDynamicCode("Tracking ValueTask<T> and Task<T> results builds generic helpers at run time.")]
    public static MethodPlan Create(MethodInfo method, string repository, TrackerOptions options, RepositorySettings settings)
    {
        var attribute = method.GetCustomAttribute<TrackLineageAttribute>();
        if (attribute is null && !settings.TrackAllOperations)
        {
            return Untracked;
        }

        var datasetNamespace = attribute?.DatasetNamespace ?? options.DatasetNamespace ?? options.Namespace;
        var job = new JobId(attribute?.Namespace ?? options.Namespace, attribute?.Job ?? repository + "." + method.Name);
        var parameters = method.GetParameters();
        return new MethodPlan(
            job,
            attribute?.OperationType ?? Guess(method.Name),
            [.. (attribute?.Inputs ?? []).Select(name => DatasetTemplate.Parse(name, datasetNamespace, method))],
            [.. (attribute?.Outputs ?? []).Select(name => DatasetTemplate.Parse(name, datasetNamespace, method))],
            settings.EnableVolumeTracking,
            Array.FindIndex(parameters, p => p.ParameterType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(p.ParameterType)),
            ShapeOf(method.ReturnType),
            RepositoryFacetsOf(repository),
            [.. parameters.Select(p => p.IsOut ? null : p.Name)]);
    }

    /// <summary>The facets that mark a dataset as data of a repository (its source type is then <c>repository</c>).</summary>
    public static FacetSet RepositoryFacetsOf(string repository) => FacetSet.Empty.With(
        Model.Facets.DatasetTypeDatasetFacet.Key,
        new Model.Facets.DatasetTypeDatasetFacet(Graph.DataSourceTypes.RepositoryDatasetType) { SubType = repository });

    public IReadOnlyList<DatasetId>? RenderInputs(object?[]? arguments) => Render(Inputs, arguments);

    public IReadOnlyList<DatasetId>? RenderOutputs(object?[]? arguments) => Render(Outputs, arguments);

    private static DatasetId[]? Render(DatasetTemplate[] templates, object?[]? arguments)
    {
        if (templates.Length == 0)
        {
            return null;
        }

        var ids = new DatasetId[templates.Length];
        for (var i = 0; i < templates.Length; i++)
        {
            ids[i] = templates[i].Render(arguments);
        }

        return ids;
    }

    private static OperationType? Guess(string methodName)
    {
        foreach (var (prefix, type) in _verbs)
        {
            if (methodName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return type;
            }
        }

        return null;
    }

    [RequiresDynamicCode("Tracking ValueTask<T> and Task<T> results builds generic helpers at run time.")]
    private static ResultShape ShapeOf(Type returnType)
    {
        if (returnType == typeof(Task))
        {
            return ResultShape.Task;
        }

        if (returnType == typeof(ValueTask))
        {
            return ResultShape.ValueTask;
        }

        if (!returnType.IsGenericType)
        {
            return ResultShape.Plain;
        }

        var definition = returnType.GetGenericTypeDefinition();
        var factory = definition == typeof(Task<>) ? nameof(ResultShape.TaskOf)
            : definition == typeof(ValueTask<>) ? nameof(ResultShape.ValueTaskOf)
            : null;
        return factory is null ? ResultShape.Plain
            : (ResultShape)typeof(ResultShape).GetMethod(factory)!.MakeGenericMethod(returnType.GetGenericArguments()[0]).Invoke(null, null)!;
    }
}
