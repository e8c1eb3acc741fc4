using Tributary.Storage.Lake;

namespace Tributary.Tests.Storage.Lake;

public sealed class HivePartitionTests
{
    public static TheoryData<string> HostileValues =>
    [
        "../../etc/passwd",
        "..",
        ".",
        ".hidden",
        "a/b\\c",
        "C:\\Windows",
        "line\nbreak\ttab\0nul",
        "x=y%z#?*",
        "s3://bucket/path/file.parquet",
        "<tag>|pipe\"quote'",
        "日本語/データ",
        "",
    ];

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void A_hostile_value_becomes_one_folder_inside_the_lake_and_decodes_back(string value)
    {
        var root = Path.Combine(Path.GetTempPath(), "lake-root");

        var segment = HivePartition.Segment("dataset", value);
        var path = Path.GetFullPath(Path.Combine(root, segment));

        Assert.Equal(root, Path.GetDirectoryName(path));
        Assert.DoesNotContain('/', segment);
        Assert.DoesNotContain('\\', segment);
        Assert.DoesNotContain(segment, c => c < 0x20);
        Assert.False(segment.StartsWith('.'));
        Assert.True(HivePartition.TryParse(segment, out var key, out var decoded));
        Assert.Equal("dataset", key);
        Assert.Equal(value, decoded);
    }

    [Fact]
    public void Dates_and_plain_names_stay_readable()
    {
        Assert.Equal("date=2024-05-01", HivePartition.Segment("date", "2024-05-01"));
        Assert.Equal("job=daily-orders_v2", HivePartition.Segment("job", "daily-orders_v2"));
        Assert.Equal("path=a%2Fb%3A1", HivePartition.Segment("path", "a/b:1"));
    }

    [Fact]
    public void A_folder_name_without_a_key_is_not_a_partition()
    {
        Assert.False(HivePartition.TryParse("notes", out _, out _));
        Assert.False(HivePartition.TryParse("=value", out _, out _));
    }
}
