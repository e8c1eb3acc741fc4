using System.Diagnostics;

namespace Tributary.Sql;

/// <summary>
/// The time an analysis may take. The tokenizer, the parser and the analyzer tick it as they go and it throws
/// <see cref="SqlBudgetExceededException"/> once the deadline has passed; checking the clock only every few thousand
/// ticks keeps it off the profile.
/// </summary>
internal sealed class SqlBudget
{
    private const int CheckEvery = 4096;

    private readonly long _deadline;
    private readonly TimeSpan _budget;
    private int _ticks;

    private SqlBudget(TimeSpan budget)
    {
        _budget = budget;
        _deadline = budget <= TimeSpan.Zero ? Stopwatch.GetTimestamp() : Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>A budget for <paramref name="budget"/>, or null (no limit) when there is none.</summary>
    public static SqlBudget? Start(TimeSpan? budget) => budget is { } b ? new SqlBudget(b) : null;

    /// <summary>Counts one unit of work; every few thousand, throws when the deadline has passed.</summary>
    public void Tick()
    {
        if (++_ticks % CheckEvery == 0)
        {
            Check();
        }
    }

    /// <summary>Throws when the deadline has passed.</summary>
    public void Check()
    {
        if (Stopwatch.GetTimestamp() >= _deadline)
        {
            throw new SqlBudgetExceededException(_budget);
        }
    }
}

/// <summary>Thrown inside the SQL pipeline when its time budget is spent; <see cref="SqlLineage.Analyze(string, SqlAnalysisOptions?)"/> turns it into a diagnostic.</summary>
internal sealed class SqlBudgetExceededException(TimeSpan budget) : Exception($"the analysis took longer than its budget of {budget.TotalMilliseconds:0} ms")
{
}
