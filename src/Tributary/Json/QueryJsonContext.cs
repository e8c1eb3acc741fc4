using System.Text.Json.Serialization;
using Tributary.Graph;
using Tributary.Query;

namespace Tributary.Json;

/// <summary>
/// Source-generated JSON for query results (no reflection at run time): the CLI's <c>--format json</c> and the
/// server's read API write results with it. Ids are written as text (<c>dataset:ns:name</c>, <c>ns:name</c>, UUIDs)
/// by the converters their types name, the same text the server's other endpoints write.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(LineageResult))]
[JsonSerializable(typeof(ImpactReport))]
[JsonSerializable(typeof(RootCauseReport))]
[JsonSerializable(typeof(DataFlowTrace))]
[JsonSerializable(typeof(IReadOnlyList<StaleDataset>))]
[JsonSerializable(typeof(IReadOnlyList<PerformanceStats>))]
[JsonSerializable(typeof(VolumeFlowReport))]
[JsonSerializable(typeof(IReadOnlyList<RunInfo>))]
[JsonSerializable(typeof(IReadOnlyList<AuditEntry>))]
[JsonSerializable(typeof(PiiReport))]
[JsonSerializable(typeof(ClassificationReport))]
[JsonSerializable(typeof(IReadOnlyList<Tributary.Alerts.WebhookSubscription>))]
[JsonSerializable(typeof(Tributary.Alerts.WebhookSubscription))]
[JsonSerializable(typeof(IReadOnlyList<Tributary.Alerts.AlertDelivery>))]
[JsonSerializable(typeof(ProcessingRecord))]
[JsonSerializable(typeof(IReadOnlyList<DatasetInfo>))]
[JsonSerializable(typeof(IReadOnlyList<JobInfo>))]
[JsonSerializable(typeof(DatasetInfo))]
[JsonSerializable(typeof(JobInfo))]
[JsonSerializable(typeof(RunInfo))]
[JsonSerializable(typeof(NodeResolution))]
[JsonSerializable(typeof(Tributary.Incidents.Incident))]
[JsonSerializable(typeof(IReadOnlyList<Tributary.Incidents.Incident>))]
[JsonSerializable(typeof(SqlChangeImpact))]
[JsonSerializable(typeof(DbtChangeImpact))]
[JsonSerializable(typeof(LineageDiff))]
public sealed partial class QueryJsonContext : JsonSerializerContext;
