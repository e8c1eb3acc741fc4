using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Export;

/// <summary>A failed data-quality assertion in the summary report, with the run that reported it and where the problem most likely comes from.</summary>
/// <param name="Dataset">The dataset tested.</param>
/// <param name="Assertion">The assertion that failed, with its column and severity.</param>
/// <param name="Job">The job whose run reported it.</param>
/// <param name="Run">The run that reported it.</param>
/// <param name="At">When that run started.</param>
/// <param name="LikelySource">The top root-cause candidate upstream (or the dataset itself), or null when nothing points anywhere.</param>
public sealed record QualityFailure(DatasetId Dataset, Assertion Assertion, JobId Job, RunId Run, DateTimeOffset At, NodeId? LikelySource);
