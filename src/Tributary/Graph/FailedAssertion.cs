using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

/// <summary>A data-quality assertion that failed on a dataset during a run.</summary>
/// <param name="Dataset">The dataset tested.</param>
/// <param name="Assertion">The assertion, with its column and severity.</param>
public sealed record FailedAssertion(DatasetId Dataset, Assertion Assertion);
