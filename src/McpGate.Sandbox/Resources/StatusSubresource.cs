using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Resources;

/// <summary>The status subresource: the whole object on read, only .status taken on write.</summary>
internal sealed class StatusSubresource : ISubresource
{
    public static StatusSubresource Instance { get; } = new();

    public string Name => "status";

    public string Group => string.Empty;

    public string Version => string.Empty;

    public string Kind => string.Empty;

    public IReadOnlyList<string> Verbs { get; } = ["get", "patch", "update"];

    public JsonObject Project(ResourceDefinition parent, JsonObject stored) => stored;

    public JsonObject Merge(ResourceDefinition parent, JsonObject current, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(body);
        current["status"] = body["status"]?.DeepClone();
        return current;
    }
}
