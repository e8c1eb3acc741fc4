using System.Text;
using System.Text.Json;

namespace Tributary.Alerts;

// The durable outbox: one append-only NDJSON file in the store folder (alerts/outbox.ndjson), each record written
// and fsynced before the step it records counts. An alert is enqueued (with its exact body, so a retry after a
// restart sends the same bytes and signature), then attempts and the delivery are appended. Reopening replays the
// file; a record torn by a crash (the last line, unfinished) is ignored, as it never counted.
internal sealed class AlertOutbox : IDisposable
{
    public const string FileName = "outbox.ndjson";

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<Entry> _order = [];
    private readonly string _folder;
    private readonly bool _readOnly;
    private FileStream? _file;

    private AlertOutbox(string folder, bool readOnly)
    {
        _folder = folder;
        _readOnly = readOnly;
    }

    internal sealed class Entry
    {
        public required AlertDelivery Delivery { get; set; }

        public required string Body { get; init; }
    }

    public IReadOnlyList<Entry> Entries => _order;

    public static string PathIn(string folder) => Path.Combine(folder, FileName);

    // Opens the outbox (a missing file is an empty outbox). The folder and file are made on the first record, so a
    // server with no webhooks leaves nothing in the store; readOnly outboxes never write.
    public static AlertOutbox Open(string folder, bool readOnly = false)
    {
        var outbox = new AlertOutbox(folder, readOnly);
        var path = PathIn(folder);
        if (!File.Exists(path))
        {
            return outbox;
        }

        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), Encoding.UTF8);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            outbox.Replay(line);
        }

        return outbox;
    }

    private FileStream OpenForAppend()
    {
        if (_readOnly)
        {
            throw new InvalidOperationException("The alert outbox was opened read-only.");
        }

        Directory.CreateDirectory(_folder);
        var file = new FileStream(PathIn(_folder), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);

        // A torn last record has no newline: the next record starts on a line of its own.
        if (file.Length > 0)
        {
            file.Seek(-1, SeekOrigin.End);
            if (file.ReadByte() != '\n')
            {
                file.Seek(0, SeekOrigin.End);
                file.WriteByte((byte)'\n');
            }
        }

        file.Seek(0, SeekOrigin.End);
        return file;
    }

    public bool Contains(string key) => _entries.ContainsKey(key);

    public Entry? Find(string key) => _entries.GetValueOrDefault(key);

    public void Enqueue(AlertDelivery delivery, string body)
    {
        Append(w =>
        {
            w.WriteString("op", "enqueue");
            w.WriteString("key", delivery.Key);
            w.WriteString("subscription", delivery.Subscription);
            w.WriteString("url", delivery.Url.AbsoluteUri);
            w.WriteString("incident", delivery.Incident);
            w.WriteString("change", delivery.Change);
            w.WriteString("at", delivery.EnqueuedAt);
            w.WriteString("body", body);
        });
    }

    public void Attempted(string key, DateTimeOffset at, int? status, string error, DateTimeOffset next)
    {
        Append(w =>
        {
            w.WriteString("op", "attempt");
            w.WriteString("key", key);
            w.WriteString("at", at);
            if (status is { } s)
            {
                w.WriteNumber("status", s);
            }

            w.WriteString("error", error);
            w.WriteString("next", next);
        });
    }

    public void Delivered(string key, DateTimeOffset at, int status)
    {
        Append(w =>
        {
            w.WriteString("op", "delivered");
            w.WriteString("key", key);
            w.WriteString("at", at);
            w.WriteNumber("status", status);
        });
    }

    public void Drop(string key, DateTimeOffset at, string reason)
    {
        Append(w =>
        {
            w.WriteString("op", "drop");
            w.WriteString("key", key);
            w.WriteString("at", at);
            w.WriteString("reason", reason);
        });
    }

    public void Dispose() => _file?.Dispose();

    private void Add(AlertDelivery delivery, string body)
    {
        var entry = new Entry { Delivery = delivery, Body = body };
        _entries[delivery.Key] = entry;
        _order.Add(entry);
    }

    // Writes one record, fsynced, then applies it exactly as reopening the outbox would: one path for both.
    private void Append(Action<Utf8JsonWriter> write)
    {
        var file = _file ??= OpenForAppend();
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        var length = (int)buffer.Length;
        buffer.WriteByte((byte)'\n');
        file.Write(buffer.GetBuffer(), 0, length + 1);
        file.Flush(flushToDisk: true);
        Replay(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, length));
    }

    private void Replay(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return; // torn by a crash: it never counted
        }

        using (document)
        {
            var r = document.RootElement;
            if (r.ValueKind != JsonValueKind.Object || Text(r, "op") is not { } op || Text(r, "key") is not { } key)
            {
                return;
            }

            var at = r.TryGetProperty("at", out var a) && a.TryGetDateTimeOffset(out var time) ? time : DateTimeOffset.MinValue;
            int? status = r.TryGetProperty("status", out var s) && s.TryGetInt32(out var code) ? code : null;
            if (op == "enqueue")
            {
                if (!_entries.ContainsKey(key) && Uri.TryCreate(Text(r, "url"), UriKind.Absolute, out var url))
                {
                    Add(new AlertDelivery(key, Text(r, "subscription") ?? "", url, Text(r, "incident") ?? "", Text(r, "change") ?? "", at) { NextAttemptAt = at }, Text(r, "body") ?? "");
                }

                return;
            }

            if (!_entries.TryGetValue(key, out var entry))
            {
                return;
            }

            var d = entry.Delivery;
            entry.Delivery = op switch
            {
                "attempt" => d with
                {
                    Attempts = d.Attempts + 1, LastAttemptAt = at, LastStatus = status, LastError = Text(r, "error"),
                    NextAttemptAt = r.TryGetProperty("next", out var n) && n.TryGetDateTimeOffset(out var next) ? next : at,
                },
                "delivered" => d with { Attempts = d.Attempts + 1, LastAttemptAt = at, LastStatus = status, LastError = null, DeliveredAt = at, NextAttemptAt = null },
                "drop" => d with { Dropped = Text(r, "reason") ?? "dropped", NextAttemptAt = null },
                _ => d,
            };
        }
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
