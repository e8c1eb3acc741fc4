using Tributary.Cli.Output;

namespace Tributary.Tests.Cli;

public sealed class PlainTableTests
{
    [Fact]
    public void A_table_written_to_a_file_is_boxed_with_every_cell_on_one_line_and_aligned()
    {
        var table = new Tabular("kind", "node") { Title = "2 nodes" };
        table.Add("Dataset", "dataset:ns:" + new string('x', 300));
        table.Add("Job", "job:ns:short");
        using var writer = new StringWriter();

        table.WriteTable(writer);

        var lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("2 nodes", lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.StartsWith("╭─────────┬─", lines[1], StringComparison.Ordinal);
        Assert.Equal("│ kind    │ node" + new string(' ', 307) + " │", lines[2]);
        Assert.StartsWith("├", lines[3], StringComparison.Ordinal);
        Assert.Contains(new string('x', 300) + " │", lines[4], StringComparison.Ordinal);
        Assert.Equal("│ Job     │ job:ns:short" + new string(' ', 299) + " │", lines[5]);
        Assert.All(lines.Skip(1), l => Assert.Equal(lines[1].Length, l.Length));
    }

    [Fact]
    public void Wide_characters_count_two_columns_and_combining_marks_none()
    {
        Assert.Equal(4, PlainTable.Width("数据"));
        Assert.Equal(1, PlainTable.Width("e\u0301"));
        Assert.Equal(5, PlainTable.Width("plain"));

        var table = new Tabular("name").Add("数据").Add("abcd");
        using var writer = new StringWriter();
        table.WriteTable(writer);

        Assert.Contains("│ 数据 │", writer.ToString(), StringComparison.Ordinal);
        Assert.Contains("│ abcd │", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_table_says_none()
    {
        using var writer = new StringWriter();
        new Tabular("a", "b").WriteTable(writer);
        Assert.Equal("(none)", writer.ToString().Trim());
    }
}
