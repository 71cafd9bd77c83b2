using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Controllers;

/// <summary>The pod-template-hash label: a short stable digest of a deployment's pod template.</summary>
internal static class PodTemplateHash
{
    public const string Label = "pod-template-hash";

    public static string Compute(JsonNode? template)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(template?.ToJsonString() ?? "{}"));
        return Identifiers.SafeEncode(bytes, 10);
    }
}
