using Tributary.Model;
using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

/// <summary>One day of prices for a symbol, as the first source document's trading pipeline stores them.</summary>
public sealed record EquityBar(DateOnly Date, decimal Open, decimal High, decimal Low, decimal Close, long Volume);

/// <summary>The first source document's repository: its methods become tracked runs through the proxy.</summary>
public interface IEquityBarRepository
{
    [TrackLineage(OperationType.Write, Outputs = ["equity_bars/{symbol}"])]
    void SaveDailyBars(IReadOnlyList<EquityBar> bars, string symbol);

    [TrackLineage(OperationType.Read, Inputs = ["equity_bars/{symbol}"])]
    IReadOnlyList<EquityBar> LoadSymbolData(string symbol);

    [TrackLineage(OperationType.Write, Job = "equity_bars.save_async", Outputs = ["equity_bars/{symbol}"])]
    Task SaveDailyBarsAsync(IReadOnlyList<EquityBar> bars, string symbol, CancellationToken cancellationToken = default);

    [TrackLineage(OperationType.Read, Inputs = ["equity_bars/{symbol}"])]
    Task<IReadOnlyList<EquityBar>> LoadSymbolDataAsync(string symbol);

    [TrackLineage(OperationType.Read, Inputs = ["equity_bars/{symbol}"])]
    ValueTask<int> CountBarsAsync(string symbol);

    [TrackLineage(OperationType.Aggregate, Inputs = ["equity_bars/{symbol}"], Outputs = ["weekly_bars/{symbol}"])]
    ValueTask RollUpWeeklyAsync(string symbol);

    void DeleteSymbol(string symbol);
}

/// <summary>An in-memory implementation whose bodies know nothing about lineage.</summary>
public sealed class EquityBarRepository : IEquityBarRepository
{
    private readonly Dictionary<string, List<EquityBar>> _bars = new(StringComparer.Ordinal);

    public void SaveDailyBars(IReadOnlyList<EquityBar> bars, string symbol)
    {
        if (bars.Count == 0)
        {
            throw new ArgumentException("No bars to save.", nameof(bars));
        }

        _bars[symbol] = [.. bars];
    }

    public IReadOnlyList<EquityBar> LoadSymbolData(string symbol) =>
        _bars.TryGetValue(symbol, out var bars) ? bars : throw new KeyNotFoundException($"No bars for {symbol}.");

    public async Task SaveDailyBarsAsync(IReadOnlyList<EquityBar> bars, string symbol, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        SaveDailyBars(bars, symbol);
    }

    public async Task<IReadOnlyList<EquityBar>> LoadSymbolDataAsync(string symbol)
    {
        await Task.Yield();
        return LoadSymbolData(symbol);
    }

    public async ValueTask<int> CountBarsAsync(string symbol)
    {
        await Task.Yield();
        return LoadSymbolData(symbol).Count;
    }

    public async ValueTask RollUpWeeklyAsync(string symbol)
    {
        await Task.Yield();
        _ = LoadSymbolData(symbol);
    }

    public void DeleteSymbol(string symbol) => _bars.Remove(symbol);

    public static IReadOnlyList<EquityBar> Bars(int days) =>
        [.. Enumerable.Range(0, days).Select(d => new EquityBar(new DateOnly(2024, 1, 1).AddDays(d), 100, 110, 95, 105, 1_000 + d))];
}

/// <summary>An interface whose attribute names a parameter that does not exist.</summary>
public interface IMisnamedRepository
{
    [TrackLineage(OperationType.Read, Inputs = ["equity_bars/{ticker}"])]
    int Count(string symbol);
}
