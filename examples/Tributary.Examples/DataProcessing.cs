using Tributary.Model;
using Tributary.Tracking;

namespace Tributary.Examples;

/// <summary>
/// The document's manual tracking (<c>@track_lineage</c> on <c>process_data</c>): a plain static method, no interface,
/// tracked by the source generator through the global tracker. Its body is in <c>ProcessDataCore</c>.
/// </summary>
public static partial class DataProcessing
{
    /// <summary>Multiplies every close price; tracked as a TRANSFORM of the symbol's bars into its processed series.</summary>
    [TrackLineage(OperationType.Transform, Job = "process_data", Inputs = ["equity_bars/{symbol}"], Outputs = ["processed/{symbol}"], DatasetNamespace = EquityBarRepository.Location)]
    public static partial List<decimal> ProcessData(IReadOnlyList<EquityBar> inputData, string symbol, int multiplier = 2);

    private static List<decimal> ProcessDataCore(IReadOnlyList<EquityBar> inputData, string symbol, int multiplier) =>
        [.. inputData.Select(bar => bar.Close * multiplier)];
}
