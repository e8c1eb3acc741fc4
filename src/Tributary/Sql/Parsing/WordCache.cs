namespace Tributary.Sql.Parsing;

/// <summary>
/// The words of every analysis in this process, interned with their keyword classes: SQL repeats a few hundred
/// spellings (keywords, table and column names), so a word seen before costs one hash and one compare, no string and
/// no keyword lookups. Bounded: a fixed table of slots, each holding the last word that hashed to it, so a script of
/// millions of distinct names uses no more memory than one of ten; a word that lost its slot is simply made again.
/// Safe across threads without locks: a slot holds an immutable entry, replaced whole.
/// </summary>
internal static class WordCache
{
    private sealed class Entry(string word, WordFlags flags)
    {
        public readonly string Word = word;
        public readonly WordFlags Flags = flags;
    }

    private const int SlotBits = 13;
    private const int Slots = 1 << SlotBits;

    private static readonly Entry?[] Table = new Entry?[Slots];

    /// <summary>The interned string of <paramref name="span"/> and its keyword classes.</summary>
    public static string Intern(ReadOnlySpan<char> span, out WordFlags flags)
    {
        ref var slot = ref Table[Slot(span)];
        var entry = Volatile.Read(ref slot);
        if (entry is not null && span.SequenceEqual(entry.Word))
        {
            flags = entry.Flags;
            return entry.Word;
        }

        var word = span.ToString();
        flags = Parser.Classify(word);
        Volatile.Write(ref slot, new Entry(word, flags));
        return word;
    }

    // FNV-1a over the characters, spread by a Fibonacci multiply: words are a few characters long, so this inline
    // loop costs less than the randomized string hash, and a collision only costs a word made again, never a wrong one.
    private static int Slot(ReadOnlySpan<char> span)
    {
        var hash = 2166136261u;
        foreach (var c in span)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)((hash * 2654435769u) >> (32 - SlotBits));
    }
}
