namespace Tributary.Model;

/// <summary>The kind of work a tracked run does (the first source document's <c>OperationType</c>).</summary>
public enum OperationType
{
    /// <summary>Reads data from a source.</summary>
    Read,

    /// <summary>Writes data to a destination.</summary>
    Write,

    /// <summary>Transforms inputs into outputs.</summary>
    Transform,

    /// <summary>Aggregates records.</summary>
    Aggregate,

    /// <summary>Joins several inputs.</summary>
    Join,

    /// <summary>Filters records.</summary>
    Filter,

    /// <summary>Validates data (quality checks).</summary>
    Validate,

    /// <summary>Deletes data.</summary>
    Delete,

    /// <summary>Updates existing data in place.</summary>
    Update,

    /// <summary>Copies data unchanged.</summary>
    Copy,
}
