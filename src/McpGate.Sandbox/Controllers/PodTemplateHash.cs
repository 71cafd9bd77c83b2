using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Controllers;

/// <summary>
/// The pod-template-hash label: a short stable digest of a pod template. The digest is taken over a
/// canonical form (sorted keys, no nulls, no empty maps or lists, the hash label itself removed), so
/// a template that kubectl rollout undo copies back from a ReplicaSet hashes as before.
/// </summary>
internal static class PodTemplateHash
{
    public const string Label = "pod-template-hash";

    public static string Compute(JsonNode? template)
    {
        var copy = template?.DeepClone() as JsonObject ?? [];
        (JsonFields.FindObject(copy, "metadata", "labels"))?.Remove(Label);
        var canonical = Canonical(copy)?.ToJsonString() ?? "{}";
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return Identifiers.SafeEncode(bytes, 10);
    }

    private static JsonNode? Canonical(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var sorted = new JsonObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (Canonical(value) is { } child)
                    {
                        sorted[key] = child;
                    }
                }

                return sorted.Count == 0 ? null : sorted;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(Canonical(item) ?? new JsonObject());
                }

                return items.Count == 0 ? null : items;
            case null:
                return null;
            default:
                return node.DeepClone();
        }
    }
}
