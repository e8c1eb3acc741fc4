namespace Tributary.Sql.Syntax;

/// <summary>An expression. Only what matters for lineage is kept: column references, functions, CASE, subqueries.</summary>
internal abstract class Expr
{
}

/// <summary>A constant, parameter or anything that reads no column.</summary>
internal sealed class LiteralExpr : Expr
{
    public static LiteralExpr Instance { get; } = new();

    /// <summary>The integer value when the literal is a plain integer (used for ordinals in GROUP BY / ORDER BY), else -1.</summary>
    public int Ordinal { get; init; } = -1;
}

/// <summary>A column reference, possibly qualified and possibly reaching into struct fields: <c>a</c>, <c>t.a</c>, <c>t.a.b.c</c>.</summary>
internal sealed class ColumnExpr(Identifier[] parts) : Expr
{
    public Identifier[] Parts { get; } = parts;

    /// <summary>Where the reference starts (1-based), for diagnostics about it; 0 when unknown.</summary>
    public int Line { get; init; }

    /// <inheritdoc cref="Line"/>
    public int Column { get; init; }

    /// <summary>The offset of the reference in the SQL text, for the diagnostic's snippet.</summary>
    public int Start { get; init; }
}

/// <summary><c>*</c> or <c>t.*</c> with BigQuery/Snowflake modifiers.</summary>
internal sealed class StarExpr(Identifier[]? qualifier) : Expr
{
    public Identifier[]? Qualifier { get; } = qualifier;

    public List<Identifier>? Except { get; set; }

    public List<(Expr Expr, Identifier Name)>? Replace { get; set; }

    public List<(Identifier From, Identifier To)>? Rename { get; set; }
}

/// <summary>A function call, with optional DISTINCT, FILTER, WITHIN GROUP and OVER.</summary>
internal sealed class FunctionExpr(string name, List<Expr> args) : Expr
{
    /// <summary>The function name, last part only, upper case.</summary>
    public string Name { get; } = name;

    public List<Expr> Args { get; } = args;

    public WindowSpec? Over { get; set; }

    public Expr? Filter { get; set; }

    public List<Expr>? WithinGroup { get; set; }

    /// <summary>ORDER BY inside the argument list (STRING_AGG, ARRAY_AGG).</summary>
    public List<Expr>? ArgOrderBy { get; set; }
}

/// <summary>A window: <c>OVER (w PARTITION BY … ORDER BY … frame)</c> or <c>OVER w</c>.</summary>
internal sealed class WindowSpec
{
    public string? BaseName { get; init; }

    public List<Expr> PartitionBy { get; init; } = [];

    public List<Expr> OrderBy { get; init; } = [];
}

/// <summary><c>CASE [operand] WHEN … THEN … ELSE … END</c>.</summary>
internal sealed class CaseExpr(Expr? operand, List<(Expr When, Expr Then)> whens, Expr? elseExpr) : Expr
{
    public Expr? Operand { get; } = operand;

    public List<(Expr When, Expr Then)> Whens { get; } = whens;

    public Expr? Else { get; } = elseExpr;
}

/// <summary>Any operator, cast, access or construction: the value is computed from the operands.</summary>
internal sealed class OperationExpr(string op, List<Expr> operands) : Expr
{
    public string Op { get; } = op;

    public List<Expr> Operands { get; } = operands;
}

/// <summary>How a subquery is used inside an expression.</summary>
internal enum SubqueryUse
{
    Scalar,
    Exists,
    In,
}

/// <summary>A query used as a value, an EXISTS test or an IN / ANY / ALL list.</summary>
internal sealed class SubqueryExpr(QueryExpr query, SubqueryUse use) : Expr
{
    public QueryExpr Query { get; } = query;

    public SubqueryUse Use { get; } = use;
}

/// <summary>A lambda <c>x -> expr</c>; its parameters hide columns of the same name inside the body.</summary>
internal sealed class LambdaExpr(List<string> parameters, Expr body) : Expr
{
    public List<string> Parameters { get; } = parameters;

    public Expr Body { get; } = body;
}

/// <summary>Column <see cref="Index"/> of a subquery assigned to several columns at once: <c>SET (a, b) = (SELECT x, y …)</c>.</summary>
internal sealed class SubqueryColumnExpr(SubqueryExpr subquery, int index) : Expr
{
    public SubqueryExpr Subquery { get; } = subquery;

    public int Index { get; } = index;
}
