namespace Tributary.Graph;

// The earlier values of one piece of state (a schema, owners, tags, a job's SQL), kept so the graph can answer "as
// of" a moment. Most state is set once and never changes, so nothing is kept until a second, different value
// arrives: until then the record's current value and its stamp say everything. Entries are sorted by stamp, so an
// event that arrives late lands in its place.
internal static class StateHistory
{
    // Records that `value` was set at `stamp`, before the record's current value (set at `currentAt`) is updated.
    public static void Note<T>(ref List<(Stamp At, T? Value)>? history, Stamp stamp, T? value, Stamp currentAt, T? current)
        where T : class
    {
        if (history is null)
        {
            if (!currentAt.IsSet || ReferenceEquals(value, current) || Equals(value, current))
            {
                return;
            }

            history = [(currentAt, current)];
        }

        Insert(history, stamp, value);
    }

    // The value in force at `moment` (UTC ticks): the newest one set at or before it, or null when none was yet.
    public static T? At<T>(List<(Stamp At, T? Value)>? history, T? current, Stamp currentAt, long moment)
        where T : class
    {
        if (moment == long.MaxValue)
        {
            return current;
        }

        if (history is null)
        {
            return !currentAt.IsSet || currentAt.Time <= moment ? current : null;
        }

        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].At.Time <= moment)
            {
                return history[i].Value;
            }
        }

        return null;
    }

    public static void Insert<T>(List<(Stamp At, T Value)> history, Stamp stamp, T value)
    {
        var i = history.Count;
        while (i > 0 && history[i - 1].At > stamp)
        {
            i--;
        }

        if (i > 0 && history[i - 1].At == stamp)
        {
            history[i - 1] = (stamp, value);
            return;
        }

        history.Insert(i, (stamp, value));
    }
}
