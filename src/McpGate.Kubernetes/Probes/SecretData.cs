using System.Text;
using System.Text.Json.Nodes;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// A Secret as the API server stores what was applied: <c>stringData</c> is write-only and lands
/// in <c>data</c>, base64-encoded (a later <c>data</c> key of the same name loses to it, as on the server).
/// </summary>
internal static class SecretData
{
    public static JsonObject AsStored(JsonObject applied)
    {
        ArgumentNullException.ThrowIfNull(applied);
        if (applied["stringData"] is not JsonObject strings)
        {
            return applied;
        }

        var stored = (JsonObject)applied.DeepClone();
        stored.Remove("stringData");
        var data = stored["data"] as JsonObject ?? [];
        stored["data"] = data;
        foreach (var (key, value) in strings)
        {
            data[key] = ObjectFields.String(value) is { } text ? Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) : null;
        }

        return stored;
    }
}
