using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace McpGate.Sandbox.Api;

/// <summary>Reads request bodies and writes JSON responses.</summary>
internal static class HttpJson
{
    private static readonly JsonNodeOptions s_nodeOptions = new() { PropertyNameCaseInsensitive = false };

    // Quotes as \" (not \u0022), like the API server; the response is JSON, never embedded in HTML.
    internal static readonly JsonSerializerOptions WriteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, int statusCode, JsonNode body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(WriteOptions), cancellationToken).ConfigureAwait(false);
    }

    public static Task WriteStatusAsync(HttpContext context, ApiStatus status, CancellationToken cancellationToken) =>
        WriteAsync(context, status.Code, status.ToJson(), cancellationToken);

    /// <summary>The parsed body, or null when there is none; malformed JSON is a 400.</summary>
    public static async Task<JsonNode?> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(buffer.ToArray(), s_nodeOptions);
        }
        catch (JsonException ex)
        {
            throw new ApiException(ApiErrors.BadRequest($"the request body is not valid JSON: {ex.Message}"));
        }
    }

    /// <summary>A JSON object body for create and update; other media types (protobuf) are a 415, on which clients fall back to JSON.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var mediaType = (context.Request.ContentType ?? "application/json").Split(';', 2)[0].Trim();
        if (string.Equals(mediaType, Protobuf.KubernetesProtobuf.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Protobuf.KubernetesProtobuf.TryDecode(buffer.ToArray())
                ?? throw new ApiException(ApiErrors.UnsupportedMediaType(mediaType, ["application/json"]));
        }

        if (!string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiException(ApiErrors.UnsupportedMediaType(mediaType, ["application/json"]));
        }

        return await ReadAsync(context, cancellationToken).ConfigureAwait(false) as JsonObject
            ?? throw new ApiException(ApiErrors.BadRequest("the request body must be a JSON object"));
    }
}
