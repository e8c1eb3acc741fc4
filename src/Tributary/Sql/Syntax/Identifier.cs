namespace Tributary.Sql.Syntax;

/// <summary>One identifier as written: its text without quotes, and whether it was quoted.</summary>
internal readonly record struct Identifier(string Value, bool Quoted)
{
    public override string ToString() => Value;
}

/// <summary>A possibly qualified object name (<c>db.schema.table</c>), or a verbatim location such as <c>s3://bucket/path</c>.</summary>
internal sealed class ObjectName(Identifier[] parts, bool isPath = false)
{
    public Identifier[] Parts { get; } = parts;

    /// <summary>True when the name is a storage location (a path literal, a stage) written verbatim.</summary>
    public bool IsPath { get; } = isPath;

    public Identifier Last => Parts[^1];

    public bool IsTempName => Parts.Length == 1 && Parts[0].Value.StartsWith('#');

    public override string ToString() => string.Join('.', Parts.Select(p => p.Value));
}
