using System.Text.Json.Nodes;

namespace McpGate.Core.Reads.Views;

/// <summary>Any kind without a view of its own: name and age in tables, the whole object (redacted) in detail.</summary>
public sealed class GenericView : IResourceView
{
    public static GenericView Instance { get; } = new();

    public IReadOnlyList<string> Columns { get; } = ["NAME", "AGE"];

    public IReadOnlyList<string> Row(JsonObject obj, DateTimeOffset now) =>
        [ObjectFields.Name(obj), Ages.Since(obj["metadata"]?["creationTimestamp"], now)];

    public JsonObject Summary(JsonObject obj, DateTimeOffset now) => ObjectFields.Identity(obj);

    public JsonObject Detail(JsonObject obj, DateTimeOffset now) => Redaction.Redact(obj);
}
