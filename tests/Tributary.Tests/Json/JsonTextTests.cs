using Tributary.Json;

namespace Tributary.Tests.Json;

public sealed class JsonTextTests
{
    [Fact]
    public void Values_written_one_after_another_on_one_thread_each_come_out_whole()
    {
        var big = new string('é', 400_000); // grows the thread's buffer past what it keeps

        Assert.Equal("{\"a\":1}", JsonText.Write(w => { w.WriteStartObject(); w.WriteNumber("a", 1); w.WriteEndObject(); }));
        Assert.Equal($"[\"{big}\"]", JsonText.Write(w => { w.WriteStartArray(); w.WriteStringValue(big); w.WriteEndArray(); }).Replace("\\u00E9", "é", StringComparison.Ordinal));
        Assert.Equal("[]", JsonText.Write(w => { w.WriteStartArray(); w.WriteEndArray(); }));
    }

    [Fact]
    public void A_value_written_while_another_is_being_written_does_not_disturb_it()
    {
        var outer = JsonText.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("inner", JsonText.Write(inner => { inner.WriteStartArray(); inner.WriteNumberValue(7); inner.WriteEndArray(); }));
            w.WriteEndObject();
        });

        Assert.Equal("{\"inner\":\"[7]\"}", outer);
    }

    [Fact]
    public void A_value_that_fails_halfway_leaves_the_next_one_clean()
    {
        Assert.Throws<InvalidOperationException>(() => JsonText.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("half", "written");
            throw new InvalidOperationException("the caller failed");
        }));

        Assert.Equal("[1]", JsonText.Write(w => { w.WriteStartArray(); w.WriteNumberValue(1); w.WriteEndArray(); }));
    }
}
