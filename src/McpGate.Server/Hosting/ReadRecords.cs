using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Json;
using McpGate.Core.Ledger;
using McpGate.Core.Reads;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Hosting;

/// <summary>Turns a <see cref="PendingRead"/> into what the read log stores; runs on the writer, off the read path.</summary>
internal static class ReadRecords
{
    /// <summary>Longer canonical arguments are replaced by their size and key names.</summary>
    public const int MaxArgumentsLength = 4096;

    public const int MaxErrorLength = 300;

    public static ReadRecord From(PendingRead read)
    {
        var outcome = read.ThrownOutcome ?? (read.Result?.IsError == true ? ReadRecord.Error : ReadRecord.Ok);
        var error = read.ThrownMessage
            ?? (read.Result?.IsError == true ? read.Result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text ?? string.Empty : null);
        return new ReadRecord
        {
            Time = read.Time,
            Tool = read.Tool,
            Requester = read.Requester,
            Arguments = Arguments(read.Arguments),
            ResultSize = read.Result is null ? 0 : SizeOf(read.Result),
            Duration = read.Duration,
            Outcome = outcome,
            ErrorText = error is null ? null : FirstLine(Redaction.Text(error)),
        };
    }

    /// <summary>The bytes of the result's JSON as the SDK writes it, counted without being kept.</summary>
    internal static long SizeOf(CallToolResult result)
    {
        using var counter = new ByteCountingStream();
        JsonSerializer.Serialize(counter, result, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult)));
        return counter.Count;
    }

    public static ReadRecord Marker(long dropped, DateTimeOffset time) => new()
    {
        Time = time,
        Tool = string.Empty,
        Requester = string.Empty,
        Arguments = "{}",
        ResultSize = 0,
        Duration = TimeSpan.Zero,
        Outcome = ReadRecord.DroppedMarker,
        Dropped = dropped,
    };

    /// <summary>
    /// Canonical JSON of the arguments with private keys and bearer tokens cut out of every string (read
    /// arguments name things; this keeps a pasted credential out of the record all the same).
    /// </summary>
    public static string Arguments(IDictionary<string, JsonElement>? arguments)
    {
        if (arguments is null || arguments.Count == 0)
        {
            return "{}";
        }

        var node = new JsonObject();
        foreach (var (name, value) in arguments)
        {
            Add(node, name, Redacted(JsonSerializer.SerializeToNode(value, NodeJsonContext.Default.JsonElement)));
        }

        string canonical;
        try
        {
            canonical = CanonicalJson.ToCanonicalString(node);
        }
        catch (JsonException ex)
        {
            return Summary(arguments, $"not canonical JSON: {ex.Message}");
        }

        return canonical.Length <= MaxArgumentsLength ? canonical : Summary(arguments, $"{canonical.Length} characters, longer than {MaxArgumentsLength}");
    }

    private static string Summary(IDictionary<string, JsonElement> arguments, string why) =>
        CanonicalJson.ToCanonicalString(new JsonObject
        {
            ["$omitted"] = why,
            ["$keys"] = new JsonArray([.. arguments.Keys.Order(StringComparer.Ordinal).Take(64).Select(k => (JsonNode?)Redaction.Text(k))]),
        });

    private static JsonNode? Redacted(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    Add(copy, name, Redacted(value?.DeepClone()));
                }

                return copy;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = Redacted(array[i]?.DeepClone());
                }

                return array;
            case JsonValue value when value.TryGetValue<string>(out var text):
                return JsonValue.Create(Redaction.Text(text));
            default:
                return node;
        }
    }

    /// <summary>Adds a member under its redacted name (a name can carry a token too); names that redact alike stay apart.</summary>
    private static void Add(JsonObject target, string name, JsonNode? value)
    {
        var key = Redaction.Text(name);
        for (var n = 2; target.ContainsKey(key); n++)
        {
            key = $"{Redaction.Text(name)} #{n}";
        }

        target[key] = value;
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? text : text[..end];
        return line.Length <= MaxErrorLength ? line : line[..MaxErrorLength] + "…";
    }
}
