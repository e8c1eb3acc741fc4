namespace Tributary.Graph;

// The earlier values of one piece of state (a schema, owners, tags, a job's SQL), kept so the graph can answer "as
// of" a moment. State set once needs nothing kept: the record's value and its stamp say everything. Entries are
// sorted by stamp, each where a value took effect, so an event that arrives late lands in its place.
internal static class StateHistory
{
    // Records that `value` was set at `stamp`, before the record's current value (set at `currentAt`) is updated.
    // The first value needs no history (the record and its stamp hold it); from the second setting on, the history
    // keeps when each value took effect, so a value re-sent unchanged still counts from when it first appeared.
    public static void Note<T>(ref List<(Stamp At, T? Value)>? history, Stamp stamp, T? value, Stamp currentAt, T? current)
        where T : class
    {
        if (history is null)
        {
            if (!currentAt.IsSet)
            {
                return;
            }

            history = [(currentAt, current)];
        }

        Insert(history, stamp, value);
    }

    // Applies a value set at `stamp`: its history is noted, and it becomes the current value when it is the newest.
    public static void Set<T>(ref T? current, ref Stamp currentAt, ref List<(Stamp At, T? Value)>? history, Stamp stamp, T? value)
        where T : class
    {
        Note(ref history, stamp, value, currentAt, current);
        if (stamp.Supersedes(currentAt))
        {
            current = value;
            currentAt = stamp;
        }
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

    // Puts a value in force from `stamp`; a value already in force then is not repeated, and one that took effect
    // later with the same value now takes effect from this earlier stamp.
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
        }
        else if (i > 0 && EqualityComparer<T>.Default.Equals(history[i - 1].Value, value))
        {
            return;
        }
        else if (i < history.Count && EqualityComparer<T>.Default.Equals(history[i].Value, value))
        {
            history[i] = (stamp, value);
        }
        else
        {
            history.Insert(i, (stamp, value));
        }
    }
}
