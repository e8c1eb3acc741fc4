namespace Tributary.Sql.Syntax;

/// <summary>A query expression: SELECT, a set operation, or VALUES, with its WITH, ORDER BY and LIMIT.</summary>
internal abstract class QueryExpr
{
    public WithClause? With { get; set; }

    public List<Expr>? OrderBy { get; set; }
}

/// <summary>One SELECT block.</summary>
internal sealed class SelectQuery : QueryExpr
{
    public List<SelectItem> Items { get; } = [];

    public List<Expr>? DistinctOn { get; set; }

    public ObjectName? Into { get; set; }

    public bool IntoTemp { get; set; }

    /// <summary>Procedural SELECT … INTO v1, v2: the variables that receive the columns (then no table is written).</summary>
    public List<string>? IntoVariables { get; set; }

    public List<TableExpr> From { get; } = [];

    public Expr? Where { get; set; }

    public List<Expr>? GroupBy { get; set; }

    public Expr? Having { get; set; }

    public Expr? Qualify { get; set; }

    public Dictionary<string, WindowSpec>? Windows { get; set; }
}

/// <summary>A select list item with its alias.</summary>
internal sealed record SelectItem(Expr Expr, Identifier? Alias);

/// <summary>The kinds of set operation.</summary>
internal enum SetOpKind
{
    Union,
    Intersect,
    Except,
}

/// <summary>A set operation; UNION and INTERSECT chains are flattened into one node with many branches.</summary>
internal sealed class SetOpQuery(SetOpKind kind, List<QueryExpr> branches) : QueryExpr
{
    public SetOpKind Kind { get; } = kind;

    public List<QueryExpr> Branches { get; } = branches;
}

/// <summary><c>VALUES (…), (…)</c>.</summary>
internal sealed class ValuesQuery(List<List<Expr>> rows) : QueryExpr
{
    public List<List<Expr>> Rows { get; } = rows;
}

/// <summary><c>WITH [RECURSIVE] a AS (…), b AS (…)</c>.</summary>
internal sealed class WithClause(bool recursive, List<CommonTableExpr> tables)
{
    public bool Recursive { get; } = recursive;

    public List<CommonTableExpr> Tables { get; } = tables;
}

/// <summary>One CTE.</summary>
internal sealed record CommonTableExpr(Identifier Name, List<Identifier>? Columns, QueryExpr Query);

/// <summary>An item of a FROM clause.</summary>
internal abstract class TableExpr
{
}

/// <summary>A named table or view.</summary>
internal sealed class TableRef(ObjectName name, Identifier? alias) : TableExpr
{
    public ObjectName Name { get; } = name;

    public Identifier? Alias { get; set; } = alias;

    public List<Identifier>? ColumnAliases { get; set; }
}

/// <summary>A subquery in FROM, possibly LATERAL.</summary>
internal sealed class DerivedTable(QueryExpr query, Identifier? alias, List<Identifier>? columnAliases, bool lateral) : TableExpr
{
    public QueryExpr Query { get; } = query;

    public Identifier? Alias { get; set; } = alias;

    public List<Identifier>? ColumnAliases { get; set; } = columnAliases;

    public bool Lateral { get; } = lateral;
}

/// <summary>A table-valued function: UNNEST, FLATTEN, explode (LATERAL VIEW), generate_series, ….</summary>
internal sealed class FunctionTable(FunctionExpr function) : TableExpr
{
    public FunctionExpr Function { get; } = function;

    public Identifier? Alias { get; set; }

    public List<Identifier>? ColumnAliases { get; set; }
}

/// <summary>A join of two FROM items.</summary>
internal sealed class JoinExpr(TableExpr left, TableExpr right, Expr? on, List<Identifier>? usingColumns, bool natural) : TableExpr
{
    public TableExpr Left { get; } = left;

    public TableExpr Right { get; } = right;

    public Expr? On { get; } = on;

    public List<Identifier>? Using { get; } = usingColumns;

    public bool Natural { get; } = natural;
}

/// <summary>PIVOT or UNPIVOT applied to a FROM item; its output columns depend on values, so it is table-level only.</summary>
internal sealed class PivotTable(TableExpr source, List<Expr> expressions) : TableExpr
{
    public TableExpr Source { get; } = source;

    public List<Expr> Expressions { get; } = expressions;

    public Identifier? Alias { get; set; }
}
