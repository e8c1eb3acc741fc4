using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

public sealed class YamlReaderTests
{
    [Fact]
    public void Nested_mappings_scalars_quotes_and_comments_are_read()
    {
        var problems = new List<string>();

        var tree = YamlReader.Read("""
            ---
            # comment line
            transport:
              type: http # trailing comment
              url: "http://host:5000/#not-a-comment"
              name: 'it''s here'
              escaped: "tab\there"
              empty:
            enabled_operation_types: [read, "write"]
            repository_settings:
              equity_bars:
                track_all_operations: true
            tags:
              - one
              - 'two'
            """, "test.yml", problems);

        Assert.Empty(problems);
        var transport = (Dictionary<string, object?>)tree["transport"]!;
        Assert.Equal("http", transport["type"]);
        Assert.Equal("http://host:5000/#not-a-comment", transport["url"]);
        Assert.Equal("it's here", transport["name"]);
        Assert.Equal("tab\there", transport["escaped"]);
        Assert.Null(transport["empty"]);
        Assert.Equal(["read", "write"], (List<object?>)tree["enabled_operation_types"]!);
        Assert.Equal("true", ((Dictionary<string, object?>)((Dictionary<string, object?>)tree["repository_settings"]!)["equity_bars"]!)["track_all_operations"]);
        Assert.Equal(["one", "two"], (List<object?>)tree["tags"]!);
    }

    [Fact]
    public void Unsupported_yaml_is_reported_with_its_line()
    {
        var problems = new List<string>();

        YamlReader.Read("transport:\n\ttype: http\nurl: {a: b}\nname: \"open\n", "bad.yml", problems);

        Assert.Equal(
        [
            "bad.yml line 2: indent with spaces; YAML does not allow tabs for indentation.",
            "bad.yml line 3: '{a: b}' uses YAML that Tributary does not read (flow mappings, anchors, block scalars); write it as nested 'key: value' lines.",
            "bad.yml line 4: the quoted value \"open is not closed.",
        ], problems);
    }
}
