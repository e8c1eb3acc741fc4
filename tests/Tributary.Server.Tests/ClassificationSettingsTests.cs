using Microsoft.Extensions.Configuration;
using Tributary.Query;
using Tributary.Server.Hosting;

namespace Tributary.Server.Tests;

// Tributary:Classifications:Policies, read the one way the server and the CLI both read it.
public sealed class ClassificationSettingsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("Tributary:Classifications:Policies:" + v.Key, v.Value))).Build();

    [Fact]
    public void Policies_are_read_in_order_with_what_they_leave_out_defaulting_to_true()
    {
        var policies = ClassificationSettings.From(Settings(("0:Tag", "internal"), ("0:Propagate", "false"), ("1:Tag", " * "), ("1:MaskingStops", "False")));

        Assert.Equal([new ClassificationPolicy("internal") { Propagate = false }, new ClassificationPolicy("*") { MaskingStops = false }], policies);
        Assert.Empty(ClassificationSettings.From(new ConfigurationBuilder().Build()));
    }

    [Fact]
    public void A_policy_without_a_tag_is_refused_naming_the_setting_and_stops_the_server_starting()
    {
        var configuration = Settings(("0:Tag", "pii"), ("1:Propagate", "false"));

        var error = Assert.Throws<InvalidOperationException>(() => ClassificationSettings.From(configuration));

        Assert.Contains("Tributary:Classifications:Policies:1:Tag is empty", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ServerOptions.From(configuration).Validate());
    }

    [Fact]
    public void A_value_that_is_not_true_or_false_is_refused_naming_the_setting_and_stops_the_server_starting()
    {
        var configuration = Settings(("0:Tag", "pii"), ("0:MaskingStops", "maybe"));

        var error = Assert.Throws<InvalidOperationException>(() => ClassificationSettings.From(configuration));

        Assert.Equal("Tributary:Classifications:Policies:0:MaskingStops is 'maybe'; give true or false.", error.Message);
        Assert.Throws<InvalidOperationException>(() => ServerOptions.From(configuration).Validate());
    }
}
