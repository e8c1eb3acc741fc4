using Tributary.Model;
using Tributary.Tracking;

namespace Tributary.Examples;

/// <summary>One day of prices for a symbol.</summary>
public sealed record EquityBar(DateOnly Date, decimal Close, long Volume);

/// <summary>The document's repository: the attributes say what each method reads or writes.</summary>
public interface IEquityBarRepository
{
    /// <summary>Saves a symbol's daily bars.</summary>
    [TrackLineage(OperationType.Write, Outputs = ["equity_bars/{symbol}"], DatasetNamespace = EquityBarRepository.Location)]
    void SaveDailyBars(IReadOnlyList<EquityBar> bars, string symbol);

    /// <summary>Loads a symbol's daily bars.</summary>
    [TrackLineage(OperationType.Read, Inputs = ["equity_bars/{symbol}"], DatasetNamespace = EquityBarRepository.Location)]
    IReadOnlyList<EquityBar> LoadSymbolData(string symbol);
}

/// <summary>A repository whose method bodies know nothing about lineage.</summary>
public sealed class EquityBarRepository : IEquityBarRepository
{
    /// <summary>Where the repository keeps its data (the datasets' namespace).</summary>
    public const string Location = "file:///data/equity_bars";

    private readonly Dictionary<string, List<EquityBar>> _bars = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public void SaveDailyBars(IReadOnlyList<EquityBar> bars, string symbol) => _bars[symbol] = [.. bars];

    /// <inheritdoc />
    public IReadOnlyList<EquityBar> LoadSymbolData(string symbol) =>
        _bars.TryGetValue(symbol, out var bars) ? bars : throw new KeyNotFoundException($"no bars saved for {symbol}");

    /// <summary>A month of made-up bars.</summary>
    public static List<EquityBar> Month(string symbol)
    {
        var random = new Random(symbol.Length * 7919);
        var bars = new List<EquityBar>();
        for (var day = 0; day < 21; day++)
        {
            bars.Add(new EquityBar(new DateOnly(2024, 1, 1).AddDays(day), 100 + random.Next(0, 50), random.Next(1_000, 9_000)));
        }

        return bars;
    }
}
