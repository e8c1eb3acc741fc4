using System.Text;
using Tributary.Json;

namespace Tributary.Tests.Json;

/// <summary>
/// The reader's per-thread string cache gives back the string it made before for the same UTF-8 bytes, so a value that
/// every event repeats is allocated once.
/// </summary>
public sealed class Utf8StringCacheTests
{
    // Facets' schema URLs: the same first and last eight bytes, three lengths.
    private static readonly string[] SchemaUrls =
    [
        "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
        "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet",
        "https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet",
    ];

    [Fact]
    public void Values_that_share_their_first_and_last_bytes_but_not_their_length_each_keep_their_string()
    {
        var cache = new Utf8StringCache();
        var first = SchemaUrls.Select(u => cache.Text(Encoding.UTF8.GetBytes(u))).ToList();

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < SchemaUrls.Length; i++)
            {
                var again = cache.Text(Encoding.UTF8.GetBytes(SchemaUrls[i]));
                Assert.Equal(SchemaUrls[i], again);
                Assert.Same(first[i], again);
            }
        }
    }

    [Fact]
    public void A_value_up_to_160_bytes_is_shared_and_a_longer_one_is_read_anew_each_time()
    {
        var cache = new Utf8StringCache();
        var limit = new string('a', 150) + "0123456789";
        var longer = limit + "!";

        Assert.Same(cache.Text(Encoding.UTF8.GetBytes(limit)), cache.Text(Encoding.UTF8.GetBytes(limit)));
        var once = cache.Text(Encoding.UTF8.GetBytes(longer));
        var twice = cache.Text(Encoding.UTF8.GetBytes(longer));
        Assert.Equal(longer, twice);
        Assert.NotSame(once, twice);
    }

    [Fact]
    public void Values_of_one_length_that_differ_only_inside_are_told_apart_by_their_bytes()
    {
        var cache = new Utf8StringCache();
        var a = "https://openlineage.io/spec/facets/1-0-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet";
        var b = "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet";

        Assert.Equal(a, cache.Text(Encoding.UTF8.GetBytes(a)));
        Assert.Equal(b, cache.Text(Encoding.UTF8.GetBytes(b)));
        Assert.Equal(a, cache.Text(Encoding.UTF8.GetBytes(a)));
    }

    [Fact]
    public void Short_values_of_every_length_are_told_apart_by_every_byte()
    {
        // Up to 16 bytes a value is kept as its length and first and last eight bytes, with no copy of its own to compare.
        var cache = new Utf8StringCache();
        var random = new Random(5);
        var values = new List<string>();
        for (var length = 0; length <= 24; length++)
        {
            for (var n = 0; n < 200; n++)
            {
                // Few letters, so values of one length often share their ends and differ in one byte.
                values.Add(new string([.. Enumerable.Range(0, length).Select(_ => "ab"[random.Next(2)])]));
            }
        }

        for (var round = 0; round < 2; round++)
        {
            foreach (var value in values)
            {
                Assert.Equal(value, cache.Text(Encoding.UTF8.GetBytes(value)));
            }
        }
    }
}
