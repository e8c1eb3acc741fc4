using System.Text.Json;
using Tributary.Server.Load;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests;

/// <summary>The load generator's batches: a client reuses one buffer, and each batch is still exactly its events.</summary>
public sealed class EventTemplatesTests
{
    private static readonly Lazy<EventTemplates> Templates = new(() => EventTemplates.FromFiles(EventTemplates.ConcreteCorpusFiles(TestData.Root)));

    [Fact]
    public void A_batch_written_into_a_reused_buffer_is_the_array_of_its_events_with_their_run_ids()
    {
        var buffer = Array.Empty<byte>();
        Guid[] first = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        var length = Templates.Value.WriteBatch(5, first, ref buffer);
        var grown = buffer;
        AssertBatch(buffer.AsSpan(0, length), 5, first);

        // A shorter batch goes into the same buffer, over the longer one's bytes, and reads as only its own events.
        Guid[] second = [Guid.NewGuid()];
        var shorter = Templates.Value.WriteBatch(5, second, ref buffer);

        Assert.Same(grown, buffer);
        Assert.True(shorter < length);
        AssertBatch(buffer.AsSpan(0, shorter), 5, second);
    }

    [Fact]
    public void Events_the_server_would_refuse_or_that_repeat_another_are_left_out_and_counted()
    {
        var folder = Directory.CreateTempSubdirectory("tributary-templates-");
        try
        {
            const string Valid = """{"eventType":"START","eventTime":"2026-01-01T00:00:00Z","run":{"runId":"3f5e8a62-1d7b-4c3e-9a55-0b6f2d8e1c11"},"job":{"namespace":"bench","name":"load"},"inputs":[],"outputs":[],"producer":"https://example.com/producer","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent"}""";
            var blankJob = Valid.Replace("\"name\":\"load\"", "\"name\":\" \"", StringComparison.Ordinal);
            var other = Valid.Replace("\"name\":\"load\"", "\"name\":\"other\"", StringComparison.Ordinal);
            // The second line differs only in its run id, which every template has replaced: it repeats the first.
            var sameButRunId = Valid.Replace("3f5e8a62", "4f5e8a62", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(folder.FullName, "events.ndjson"), string.Join('\n', Valid, blankJob, sameButRunId, other));

            var templates = EventTemplates.FromFiles([Path.Combine(folder.FullName, "events.ndjson")]);

            Assert.Equal(2, templates.Count);
            Assert.Equal(2, templates.Refused);
            var runId = Guid.NewGuid();
            Assert.Equal(runId, EventTemplates.RunIdOf(templates.Make(1, runId)));
            Assert.True(templates.Make(1, runId).AsSpan().IndexOf("\"name\":\"other\""u8) >= 0);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void AssertBatch(ReadOnlySpan<byte> batch, int index, Guid[] runIds)
    {
        using var document = JsonDocument.Parse(batch.ToArray());
        var events = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(runIds.Length, events.Count);
        for (var i = 0; i < runIds.Length; i++)
        {
            Assert.Equal(runIds[i], events[i].GetProperty("run").GetProperty("runId").GetGuid());
            // Apart from its run id, each event is its template's.
            using var template = JsonDocument.Parse(Templates.Value.Make(index + i, runIds[i]));
            Assert.Equal(template.RootElement.GetRawText(), events[i].GetRawText());
        }
    }
}
