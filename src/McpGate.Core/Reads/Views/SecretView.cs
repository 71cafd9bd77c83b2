using System.Globalization;
using System.Text.Json.Nodes;

namespace McpGate.Core.Reads.Views;

/// <summary>Secrets by name, type, key names and sizes: their values never leave the gate.</summary>
public sealed class SecretView : IResourceView
{
    public IReadOnlyList<string> Columns { get; } = ["NAME", "TYPE", "KEYS", "AGE"];

    public IReadOnlyList<string> Row(JsonObject obj, DateTimeOffset now) =>
    [
        ObjectFields.Name(obj),
        ObjectFields.Text(obj["type"]) ?? "Opaque",
        string.Join(",", Keys(obj).Select(k => $"{k.Name}({k.Bytes.ToString(CultureInfo.InvariantCulture)}B)")),
        Ages.Since(obj["metadata"]?["creationTimestamp"], now),
    ];

    public JsonObject Summary(JsonObject obj, DateTimeOffset now)
    {
        var view = ObjectFields.Identity(obj);
        view["type"] = ObjectFields.Text(obj["type"]) ?? "Opaque";
        view["keys"] = new JsonArray([.. Keys(obj).Select(k => (JsonNode)new JsonObject { ["name"] = k.Name, ["bytes"] = k.Bytes })]);
        return view;
    }

    public JsonObject Detail(JsonObject obj, DateTimeOffset now)
    {
        var view = Summary(obj, now);
        if (obj["metadata"]?["annotations"] is JsonObject annotations)
        {
            view["annotations"] = Redaction.Redact(new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = annotations.DeepClone() } })["metadata"]!["annotations"]!.DeepClone();
        }

        view["immutable"] = ObjectFields.Flag(obj["immutable"]) ?? false;
        view["note"] = "secret values are never returned; keys and sizes only";
        return view;
    }

    private static IEnumerable<(string Name, int Bytes)> Keys(JsonObject obj) =>
        (obj["data"] as JsonObject ?? []).Select(kv => (kv.Key, Redaction.SecretBytes(kv.Value, base64: true)))
            .Concat((obj["stringData"] as JsonObject ?? []).Select(kv => (kv.Key, Redaction.SecretBytes(kv.Value, base64: false))))
            .OrderBy(k => k.Item1, StringComparer.Ordinal);
}
