using System.Text.Json;

namespace Tributary.Model.Facets;

/// <summary>
/// Tributary's custom run facet <c>tributary_parameters</c>: the parameters of the tracked method call a run stands for
/// (the tracking document's "parameters and execution context"), by name in declaration order, each as text or null.
/// </summary>
/// <param name="Parameters">Each parameter's name and recorded text.</param>
public sealed record CallParametersRunFacet(IReadOnlyList<KeyValuePair<string, string?>> Parameters) : Facet
{
    /// <summary>The facet key: <c>tributary_parameters</c>.</summary>
    public const string Key = "tributary_parameters";

    /// <summary>The facet's schema URL.</summary>
    public const string Schema = "https://github.com/tributary-lineage/tributary/tree/0.1.0/spec/CallParametersRunFacet.json";

    /// <summary>Reads the facet (kept as a raw facet by the reader), or null when it is not one or not well formed.</summary>
    public static CallParametersRunFacet? From(Facet? facet)
    {
        if (facet is not RawFacet { Json: { ValueKind: JsonValueKind.Object } json } || !json.TryGetProperty("parameters", out var parameters)
            || parameters.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var list = new List<KeyValuePair<string, string?>>();
        foreach (var parameter in parameters.EnumerateObject())
        {
            list.Add(new(parameter.Name, parameter.Value.ValueKind switch
            {
                JsonValueKind.String => parameter.Value.GetString(),
                JsonValueKind.Null => null,
                _ => parameter.Value.GetRawText(),
            }));
        }

        return new CallParametersRunFacet(list);
    }

    /// <summary>The facet as the raw JSON facet the event writer writes back unchanged.</summary>
    public RawFacet ToRawFacet(string producer) => RawFacet.Create(producer, Schema, w =>
    {
        w.WriteStartObject("parameters");
        foreach (var (name, value) in Parameters)
        {
            w.WriteString(name, value);
        }

        w.WriteEndObject();
    });
}
