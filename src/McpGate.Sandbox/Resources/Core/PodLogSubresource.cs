using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;

namespace McpGate.Sandbox.Resources.Core;

/// <summary>pods/log: served as text by <see cref="PodLogs"/>, never read or written as an object.</summary>
internal sealed class PodLogSubresource : ISubresource
{
    public static PodLogSubresource Instance { get; } = new();

    public string Name => "log";

    public string Group => string.Empty;

    public string Version => string.Empty;

    public string Kind => string.Empty;

    public IReadOnlyList<string> Verbs { get; } = ["get"];

    public JsonObject Project(ResourceDefinition parent, JsonObject stored) => throw new ApiException(ApiErrors.MethodNotAllowed());

    public JsonObject Merge(ResourceDefinition parent, JsonObject current, JsonObject body) => throw new ApiException(ApiErrors.MethodNotAllowed());
}
