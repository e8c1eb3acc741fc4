using Tributary.Model;
using Tributary.Tracking;

namespace Tributary.Cli.Demo;

/// <summary>One day of prices for a symbol, as the first source document's trading pipeline stores them.</summary>
public sealed record EquityBar(DateOnly Date, decimal Open, decimal High, decimal Low, decimal Close, long Volume);

/// <summary>
/// The first source document's repository (<c>EquityBarRepository.save_daily_bars</c>, <c>load_symbol_data</c>):
/// the attributes say what each method reads or writes, and the tracking proxy turns calls into runs.
/// </summary>
public interface IEquityBarRepository
{
    /// <summary>Saves a symbol's daily bars.</summary>
    [TrackLineage(OperationType.Write, Outputs = ["equity_bars/{symbol}"], Namespace = "trading", DatasetNamespace = TradingRepository.DataNamespace)]
    void SaveDailyBars(IReadOnlyList<EquityBar> bars, string symbol);

    /// <summary>Loads a symbol's daily bars.</summary>
    [TrackLineage(OperationType.Read, Inputs = ["equity_bars/{symbol}"], Namespace = "trading", DatasetNamespace = TradingRepository.DataNamespace)]
    IReadOnlyList<EquityBar> LoadSymbolData(string symbol);
}

/// <summary>An in-memory repository whose method bodies know nothing about lineage.</summary>
public sealed class TradingRepository : IEquityBarRepository
{
    /// <summary>Where the repository keeps its files.</summary>
    public const string DataNamespace = "file:///data/trading";

    private readonly Dictionary<string, List<EquityBar>> _bars = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public void SaveDailyBars(IReadOnlyList<EquityBar> bars, string symbol) => _bars[symbol] = [.. bars];

    /// <inheritdoc />
    public IReadOnlyList<EquityBar> LoadSymbolData(string symbol) =>
        _bars.TryGetValue(symbol, out var bars) ? bars : throw new KeyNotFoundException($"no bars saved for {symbol}");

    /// <summary>Generates a month of bars for a symbol from a seed.</summary>
    public static List<EquityBar> Generate(string symbol, DateOnly from, int days)
    {
        var random = new Random(symbol.GetHashCode(StringComparison.Ordinal) & 0x7fff);
        var price = 100m + random.Next(0, 200);
        var bars = new List<EquityBar>(days);
        for (var i = 0; i < days; i++)
        {
            var open = price;
            price = Math.Round(price * (1 + (decimal)((random.NextDouble() - 0.5) * 0.04)), 2);
            bars.Add(new EquityBar(from.AddDays(i), open, Math.Max(open, price) + 1, Math.Min(open, price) - 1, price, random.Next(1_000_000, 9_000_000)));
        }

        return bars;
    }

    /// <summary>Daily returns of a series of bars: the kind of plain function the source document decorates.</summary>
    public static List<decimal> DailyReturns(IReadOnlyList<EquityBar> bars) =>
        [.. bars.Skip(1).Select((bar, i) => Math.Round((bar.Close - bars[i].Close) / bars[i].Close, 6))];
}
