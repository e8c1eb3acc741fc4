using Tributary.Sql;
using Tributary.Sql.Parsing;

namespace Tributary.Tests.Sql;

/// <summary>The tokenizer on its own: quoting, strings, comments, positions.</summary>
public sealed class TokenizerTests
{
    [Fact]
    public void Tokens_carry_their_line_and_column()
    {
        var tokens = Tokenizer.Run("SELECT a,\n  'x\ny' AS b\nFROM t", DialectInfo.For(SqlDialect.Ansi)).Tokens;

        var from = tokens.Single(t => t.Is("FROM"));

        Assert.Equal((4, 1), (from.Line, from.Column));
        Assert.Equal((2, 3), (tokens[3].Line, tokens[3].Column));
        Assert.Equal("x\ny", tokens[3].Text);
    }

    [Theory]
    [InlineData(SqlDialect.Ansi, "\"a\"\"b\"", "QuotedIdentifier", "a\"b")]
    [InlineData(SqlDialect.MySql, "\"a\"", "String", "a")]
    [InlineData(SqlDialect.MySql, "`a``b`", "QuotedIdentifier", "a`b")]
    [InlineData(SqlDialect.TSql, "[a]]b]", "QuotedIdentifier", "a]b")]
    [InlineData(SqlDialect.TSql, "N'x'", "String", "x")]
    [InlineData(SqlDialect.TSql, "#temp", "Identifier", "#temp")]
    [InlineData(SqlDialect.TSql, "@var", "Parameter", "@var")]
    [InlineData(SqlDialect.PostgreSql, "$q$it's$q$", "String", "it's")]
    [InlineData(SqlDialect.PostgreSql, "E'a\\'b'", "String", "a'b")]
    [InlineData(SqlDialect.BigQuery, "r'a\\d'", "String", "a\\d")]
    [InlineData(SqlDialect.BigQuery, "\"\"\"a\"b\"\"\"", "String", "a\"b")]
    [InlineData(SqlDialect.Snowflake, "@stage/path/file.csv", "Parameter", "@stage/path/file.csv")]
    [InlineData(SqlDialect.Ansi, "1.5e3", "Number", "1.5e3")]
    [InlineData(SqlDialect.Ansi, "->>", "Operator", "->>")]
    public void Single_tokens_are_read_per_dialect(SqlDialect dialect, string text, string kind, string value)
    {
        var tokens = Tokenizer.Run(text, DialectInfo.For(dialect)).Tokens;

        Assert.Equal(2, tokens.Count);
        Assert.Equal(kind, tokens[0].Kind.ToString());
        Assert.Equal(value, tokens[0].Text);
    }

    [Fact]
    public void Unterminated_string_is_reported_with_its_position()
    {
        var tokenizer = Tokenizer.Run("SELECT 1;\nSELECT 'oops", DialectInfo.For(SqlDialect.Ansi));

        var error = Assert.Single(tokenizer.Errors);

        Assert.Equal((2, 8), (error.Line, error.Column));
        Assert.Contains("unterminated", error.Message, StringComparison.Ordinal);
    }
}
