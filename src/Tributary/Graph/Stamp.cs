namespace Tributary.Graph;

// When a piece of state was last set: the event's time, ties broken by the event's content digest (or, for events
// applied without one, their sequence). State follows the
// newest stamp, never arrival order, so a late event cannot override a newer state.
internal readonly record struct Stamp(long Time, long Order) : IComparable<Stamp>
{
    public bool IsSet => Time != 0 || Order != 0;

    public int CompareTo(Stamp other) => Time != other.Time ? Time.CompareTo(other.Time) : Order.CompareTo(other.Order);

    // True when an event stamped `this` may replace state last set at `current` (the newest wins).
    public bool Supersedes(Stamp current) => CompareTo(current) >= 0;

    public static bool operator <(Stamp left, Stamp right) => left.CompareTo(right) < 0;

    public static bool operator >(Stamp left, Stamp right) => left.CompareTo(right) > 0;

    public static bool operator <=(Stamp left, Stamp right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Stamp left, Stamp right) => left.CompareTo(right) >= 0;
}
