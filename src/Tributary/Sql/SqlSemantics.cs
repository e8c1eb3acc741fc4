namespace Tributary.Sql;

/// <summary>How the statements of a multi-statement script combine into one result.</summary>
public enum SqlSemantics
{
    /// <summary>Each statement's tables and edges are reported together (the default).</summary>
    Union,

    /// <summary>
    /// The script is resolved as a whole: tables written and then read inside it (temporary tables always) are
    /// intermediate, DROP removes and RENAME renames, and column edges run end to end.
    /// </summary>
    Script,
}
