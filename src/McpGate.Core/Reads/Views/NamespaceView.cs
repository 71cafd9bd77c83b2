using System.Text.Json.Nodes;

namespace McpGate.Core.Reads.Views;

/// <summary>Namespaces as <c>kubectl get namespaces</c> shows them: name, status (phase) and age.</summary>
public sealed class NamespaceView : IResourceView
{
    public IReadOnlyList<string> Columns { get; } = ["NAME", "STATUS", "AGE"];

    public IReadOnlyList<string> Row(JsonObject obj, DateTimeOffset now) =>
        [ObjectFields.Name(obj), Phase(obj), Ages.Since(obj["metadata"]?["creationTimestamp"], now)];

    public JsonObject Summary(JsonObject obj, DateTimeOffset now)
    {
        var view = ObjectFields.Identity(obj);
        view["status"] = Phase(obj);
        view["age"] = Ages.Since(obj["metadata"]?["creationTimestamp"], now);
        return view;
    }

    public JsonObject Detail(JsonObject obj, DateTimeOffset now)
    {
        var redacted = Redaction.Redact(obj);
        var view = Summary(redacted, now);
        view["conditions"] = redacted["status"]?["conditions"]?.DeepClone();
        view["annotations"] = redacted["metadata"]?["annotations"]?.DeepClone();
        return view;
    }

    /// <summary>Active, or Terminating once deleted; a namespace without status reads Active, as kubectl shows it.</summary>
    private static string Phase(JsonObject obj) => ObjectFields.Text(obj["status"]?["phase"]) ?? "Active";
}
