namespace Tributary.Storage.Parquet;

/// <summary>A flat Parquet schema: the ordered columns of a file.</summary>
public sealed class ParquetSchema
{
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);

    /// <summary>Creates a schema; column names must be unique and non-empty.</summary>
    public ParquetSchema(IEnumerable<ParquetColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = [.. columns];
        for (var i = 0; i < Columns.Count; i++)
        {
            var name = Columns[i].Name;
            if (string.IsNullOrEmpty(name) || !_byName.TryAdd(name, i))
            {
                throw new ArgumentException($"Column {i} has an empty or duplicate name '{name}'.", nameof(columns));
            }
        }
    }

    /// <summary>Creates a schema from columns given in order.</summary>
    public ParquetSchema(params ParquetColumn[] columns)
        : this((IEnumerable<ParquetColumn>)columns)
    {
    }

    /// <summary>The columns in file order.</summary>
    public IReadOnlyList<ParquetColumn> Columns { get; }

    /// <summary>The position of the column called <paramref name="name"/>, or -1 if there is none.</summary>
    public int IndexOf(string name) => _byName.TryGetValue(name, out var index) ? index : -1;
}
