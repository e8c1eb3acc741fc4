using System.Globalization;
using Tributary.Json;

namespace Tributary.Tests.Json;

public sealed class EventTimeParsingTests
{
    [Fact]
    public void The_common_time_form_reads_to_the_same_instant_and_offset_as_the_general_parser()
    {
        var random = new Random(11);
        string[] zones = ["Z", "+00:00", "-00:00", "+02:00", "-07:30", "+05:45", "+13:59", "-11:00", "+14:00", "-14:00"];
        for (var i = 0; i < 20_000; i++)
        {
            var year = random.Next(1, 10_000);
            var month = random.Next(1, 13);
            var day = random.Next(1, DateTime.DaysInMonth(year, month) + 1);
            var fraction = random.Next(0, 8) switch
            {
                0 => "",
                var digits => "." + random.NextInt64(0, 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture)[..digits],
            };
            var text = string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}T{random.Next(24):D2}:{random.Next(60):D2}:{random.Next(60):D2}{fraction}{zones[random.Next(zones.Length)]}");

            var general = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expected);
            var read = EventReader.TryParseTime(text, out var actual, out var hadZone);

            Assert.True(general == read, text);
            if (read)
            {
                Assert.True(hadZone, text);
                Assert.Equal(expected, actual);
                Assert.Equal(expected.Offset, actual.Offset);
            }
        }
    }

    [Theory]
    [InlineData("2024-02-30T00:00:00Z")]
    [InlineData("2024-01-01T24:00:00Z")]
    [InlineData("2024-01-01T00:00:60Z")]
    [InlineData("2024-01-01T00:00:00.Z")]
    [InlineData("2024-01-01T00:00:00+2:00")]
    [InlineData("2024-01-01T00:00:00")]
    [InlineData("2024-01-01 00:00:00Z")]
    [InlineData("2024-01-01T00:00:00.123456789Z")]
    public void Times_outside_the_common_form_read_as_the_general_parser_reads_them(string text)
    {
        var general = DateTimeOffset.TryParse(text.Length > 28 ? text[..27] + "Z" : text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expected);
        var read = EventReader.TryParseTime(text, out var actual, out _);

        Assert.Equal(general, read);
        Assert.Equal(expected, actual);
    }
}
