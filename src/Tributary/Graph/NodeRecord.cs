using Tributary.Model;

namespace Tributary.Graph;

// One interned node: its kind, whether it is a dropped dataset (kept here so traversal need not load the record), the index of its record in the per-kind table, the heads of its out- and in-edge
// lists, and the node it is an alias of (-1 when it is canonical).
internal struct NodeRecord
{
    public NodeKind Kind;
    public bool Deleted;

    // Dropped at some time (perhaps created again since): only such datasets need their lifecycle read "as of" a moment.
    public bool EverDropped;

    // The two bytes after the flags, named so they are always zero: checkpoints write this struct's bytes as they are,
    // and padding the runtime leaves unnamed was sometimes copied from a stack slot that was never cleared, so the same
    // events now and then gave checkpoints that differed in those bytes.
    private readonly short _unused;
    public int Ref;
    public int FirstOut;
    public int FirstIn;
    public int Canonical;
}
