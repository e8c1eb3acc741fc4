namespace Tributary.Json;

/// <summary>An event could not be read: the JSON is malformed or its meaning would be lost. <see cref="Errors"/> says where and why.</summary>
public sealed class LineageFormatException : FormatException
{
    /// <summary>Creates the exception from the problems found; the message lists them all.</summary>
    public LineageFormatException(IReadOnlyList<LineageError> errors)
        : base(errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} problems: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    /// <summary>Every problem found, each with its JSON path.</summary>
    public IReadOnlyList<LineageError> Errors { get; }
}
