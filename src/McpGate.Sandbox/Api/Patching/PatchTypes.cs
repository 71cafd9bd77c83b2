using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Api.Patching;

/// <summary>Chooses the patch algorithm from the request's Content-Type.</summary>
internal static class PatchTypes
{
    public const string Json = "application/json-patch+json";
    public const string Merge = "application/merge-patch+json";
    public const string StrategicMerge = "application/strategic-merge-patch+json";

    public static IReadOnlyList<string> Supported { get; } = [Json, Merge, StrategicMerge, McpGate.Sandbox.Api.Apply.ServerSideApply.ContentType];

    public static JsonObject Apply(string? contentType, JsonObject target, JsonNode? patch)
    {
        var mediaType = (contentType ?? string.Empty).Split(';', 2)[0].Trim().ToLowerInvariant();
        var result = mediaType switch
        {
            Merge => JsonMergePatch.Apply(target, patch),
            StrategicMerge => StrategicMergePatch.Apply(target, patch),
            Json => JsonPatch.Apply(target, patch),
            _ => throw new ApiException(ApiErrors.UnsupportedMediaType(mediaType, Supported)),
        };
        return result as JsonObject
            ?? throw new ApiException(ApiErrors.BadRequest("the patch must produce a JSON object"));
    }
}
