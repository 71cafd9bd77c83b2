using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;

namespace McpGate.Sandbox.Resources.Policy;

/// <summary>pods/eviction: a policy/v1 Eviction POSTed to a pod deletes it unless a disruption budget forbids it.</summary>
internal sealed class EvictionSubresource : ISubresource
{
    public static EvictionSubresource Instance { get; } = new();

    public string Name => "eviction";

    public string Group => "policy";

    public string Version => "v1";

    public string Kind => "Eviction";

    public IReadOnlyList<string> Verbs { get; } = ["create"];

    public JsonObject Project(ResourceDefinition parent, JsonObject stored) => throw new ApiException(ApiErrors.MethodNotAllowed());

    public JsonObject Merge(ResourceDefinition parent, JsonObject current, JsonObject body) => throw new ApiException(ApiErrors.MethodNotAllowed());
}
