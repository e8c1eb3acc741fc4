namespace Tributary.Sql.Syntax;

/// <summary>A parsed statement.</summary>
internal abstract class Statement
{
}

/// <summary>A query on its own (SELECT, possibly with INTO).</summary>
internal sealed class QueryStatement(QueryExpr query) : Statement
{
    public QueryExpr Query { get; } = query;
}

/// <summary>INSERT INTO / INSERT OVERWRITE.</summary>
internal sealed class InsertStatement(ObjectName target) : Statement
{
    public ObjectName Target { get; } = target;

    public List<Identifier>? Columns { get; set; }

    public QueryExpr? Source { get; set; }

    /// <summary>Hive PARTITION (a = 'x', b): static partitions carry a value, dynamic ones take the last SELECT columns.</summary>
    public List<(Identifier Column, bool Static)>? Partition { get; set; }

    public WithClause? With { get; set; }
}

/// <summary>CREATE TABLE (with columns, AS query, LIKE or CLONE) and CREATE VIEW.</summary>
internal sealed class CreateStatement(ObjectName target) : Statement
{
    public ObjectName Target { get; } = target;

    public bool IsView { get; set; }

    public bool Temporary { get; set; }

    public List<Identifier>? Columns { get; set; }

    public QueryExpr? Query { get; set; }

    public ObjectName? LikeOrClone { get; set; }
}

/// <summary>An assignment <c>col = expr</c> of UPDATE or MERGE.</summary>
internal sealed record Assignment(Identifier[] Target, Expr Value);

/// <summary>UPDATE in its PostgreSQL (FROM), T-SQL (alias target + FROM) and MySQL (joined tables) forms.</summary>
internal sealed class UpdateStatement(List<TableExpr> tables, List<Assignment> assignments) : Statement
{
    /// <summary>The tables named after UPDATE (one, or a MySQL join tree).</summary>
    public List<TableExpr> Tables { get; } = tables;

    public List<Assignment> Assignments { get; } = assignments;

    public List<TableExpr> From { get; } = [];

    public Expr? Where { get; set; }

    public WithClause? With { get; set; }
}

/// <summary>DELETE, with USING / FROM joins.</summary>
internal sealed class DeleteStatement(List<TableExpr> tables) : Statement
{
    /// <summary>The tables deleted from (their names or aliases).</summary>
    public List<TableExpr> Tables { get; } = tables;

    public List<TableExpr> Using { get; } = [];

    public Expr? Where { get; set; }

    public WithClause? With { get; set; }
}

/// <summary>What a MERGE branch does.</summary>
internal enum MergeAction
{
    Update,
    Insert,
    Delete,
    UpdateStar,
    InsertStar,
}

/// <summary>One WHEN branch of MERGE.</summary>
internal sealed record MergeClause(bool Matched, Expr? Condition, MergeAction Action, List<Assignment>? Assignments, List<Identifier>? InsertColumns, List<Expr>? InsertValues);

/// <summary>MERGE INTO target USING source ON … WHEN ….</summary>
internal sealed class MergeStatement(TableRef target, TableExpr source, Expr on, List<MergeClause> clauses) : Statement
{
    public TableRef Target { get; } = target;

    public TableExpr Source { get; } = source;

    public Expr On { get; } = on;

    public List<MergeClause> Clauses { get; } = clauses;

    public WithClause? With { get; set; }
}

/// <summary>COPY between a table (or query) and a location.</summary>
internal sealed class CopyStatement : Statement
{
    public ObjectName? Table { get; init; }

    public QueryExpr? Query { get; init; }

    public ObjectName? Location { get; init; }

    /// <summary>True when data flows into <see cref="Table"/>; false when the table or query is copied out.</summary>
    public bool IntoTable { get; init; }
}

/// <summary>What a USE names: a bare name (its meaning depends on the dialect), a database, a schema or a catalog.</summary>
internal enum UseKind
{
    Object,
    Database,
    Schema,
    Catalog,
}

/// <summary>USE [DATABASE | SCHEMA | CATALOG] name, or Teradata's DATABASE name.</summary>
internal sealed class UseStatement(ObjectName name, UseKind kind) : Statement
{
    public ObjectName Name { get; } = name;

    public UseKind Kind { get; } = kind;
}

/// <summary>DROP TABLE / VIEW.</summary>
internal sealed class DropStatement(List<ObjectName> names) : Statement
{
    public List<ObjectName> Names { get; } = names;
}

/// <summary>ALTER TABLE … RENAME TO / RENAME TABLE.</summary>
internal sealed class RenameStatement(ObjectName from, ObjectName to) : Statement
{
    public ObjectName From { get; } = from;

    public ObjectName To { get; } = to;
}

/// <summary>A statement that moves no data (SET, GRANT, TRUNCATE, BEGIN, …).</summary>
internal sealed class IgnoredStatement(string keyword) : Statement
{
    public string Keyword { get; } = keyword;
}

/// <summary>One INTO of Snowflake's INSERT ALL / INSERT FIRST.</summary>
internal sealed record InsertInto(ObjectName Target, List<Identifier>? Columns, List<Expr>? Values, Expr? When);

/// <summary>Snowflake multi-table insert: <c>INSERT ALL|FIRST [WHEN …] INTO t1 … INTO t2 … SELECT …</c>.</summary>
internal sealed class MultiTableInsertStatement(List<InsertInto> targets, QueryExpr source) : Statement
{
    public List<InsertInto> Targets { get; } = targets;

    public QueryExpr Source { get; } = source;
}

/// <summary>Hive multi-insert: <c>FROM src INSERT … SELECT … INSERT … SELECT …</c>.</summary>
internal sealed class MultiInsertStatement(List<TableExpr> from, List<InsertStatement> inserts) : Statement
{
    public List<TableExpr> From { get; } = from;

    public List<InsertStatement> Inserts { get; } = inserts;
}

/// <summary>A procedural statement that only evaluates an expression (IF / WHILE condition, an assignment): what its subqueries read is read.</summary>
internal sealed class ConditionStatement(string keyword, Expr condition) : Statement
{
    public string Keyword { get; } = keyword;

    public Expr Condition { get; } = condition;
}

/// <summary>
/// SQL held in a string and run as statements: a procedure or function body (<c>AS $$ … $$</c>), a static
/// <c>EXECUTE IMMEDIATE '…'</c>. Its statements are analysed as part of the script, at their place in the text.
/// </summary>
internal sealed class EmbeddedScriptStatement(string keyword, string text, int offset, int line, int column) : Statement
{
    public string Keyword { get; } = keyword;

    public string Text { get; } = text;

    public int Offset { get; } = offset;

    public int Line { get; } = line;

    public int Column { get; } = column;
}

/// <summary>
/// Variables come into being (DECLARE, a routine's parameters) or take a value (SET, LET, <c>:=</c>): later
/// statements that read them take the value's lineage.
/// </summary>
internal sealed class VariableStatement(string keyword, List<string> names, Expr? value) : Statement
{
    public string Keyword { get; } = keyword;

    public List<string> Names { get; } = names;

    /// <summary>The value assigned to every name, or null when they are only declared.</summary>
    public Expr? Value { get; } = value;
}
