using System.Text.Json;
using System.Text.Unicode;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Transport;

/// <summary>
/// Decides, from the raw bytes, whether a line from the client is a message the SDK may see.
/// Everything the SDK would drop silently, answer with a generic error, or read ambiguously gets
/// the specific JSON-RPC answer here: -32700 for bytes that are not JSON, -32600 for JSON that is
/// not a JSON-RPC message, -32602 for params of the wrong shape or with a key given twice.
/// Notifications are never answered.
/// </summary>
internal static class JsonRpcGuard
{
    public static JsonRpcVerdict Inspect(JsonRpcLine line, int maxLineBytes)
    {
        if (line.Oversized)
        {
            return JsonRpcVerdict.Answer(null, McpErrorCode.InvalidRequest, $"Invalid request: the message is longer than {maxLineBytes} bytes; it was not read.");
        }

        var bytes = line.Bytes.Span;
        if (!Utf8.IsValid(bytes))
        {
            return JsonRpcVerdict.Answer(null, McpErrorCode.ParseError, "Parse error: the message is not valid UTF-8.");
        }

        var problem = JsonKeyScan.Scan(bytes);
        if (problem is { IsSyntax: true })
        {
            return JsonRpcVerdict.Answer(null, McpErrorCode.ParseError, $"Parse error: {problem.Message}");
        }

        using var document = JsonDocument.Parse(line.Bytes, new JsonDocumentOptions { MaxDepth = JsonKeyScan.MaxDepth });
        return Inspect(document.RootElement, problem, line.Bytes);
    }

    private static JsonRpcVerdict Inspect(JsonElement root, JsonKeyProblem? duplicate, ReadOnlyMemory<byte> bytes)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return JsonRpcVerdict.Answer(null, McpErrorCode.InvalidRequest, "Invalid request: JSON-RPC batches (arrays) are not supported by MCP; send one message per line.");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return JsonRpcVerdict.Answer(null, McpErrorCode.InvalidRequest, $"Invalid request: a message must be a JSON object (got {Kind(root)}).");
        }

        var hasMethod = root.TryGetProperty("method", out var methodElement);
        JsonElement? id = null;
        if (root.TryGetProperty("id", out var idElement))
        {
            if (idElement.ValueKind is not (JsonValueKind.String or JsonValueKind.Number) || (idElement.ValueKind == JsonValueKind.Number && !idElement.TryGetInt64(out _)))
            {
                return JsonRpcVerdict.Answer(null, McpErrorCode.InvalidRequest, $"Invalid request: 'id' must be a string or an integer (got {Kind(idElement)}).");
            }

            id = idElement.Clone();
        }

        var isNotification = hasMethod && id is null;
        if (duplicate is not null)
        {
            var code = duplicate.Path.StartsWith("params", StringComparison.Ordinal) ? McpErrorCode.InvalidParams : McpErrorCode.InvalidRequest;
            var kind = code == McpErrorCode.InvalidParams ? "Invalid params" : "Invalid request";
            return Refuse(id, isNotification, code, $"{kind}: {duplicate.Message}; a key may appear once per object (compared ignoring case). Nothing was done.");
        }

        if (!root.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            return Refuse(id, isNotification, McpErrorCode.InvalidRequest, "Invalid request: 'jsonrpc' must be \"2.0\".");
        }

        if (!hasMethod)
        {
            // A response to one of the server's own requests: it has an id and a result or an error.
            return id is not null && (root.TryGetProperty("result", out _) || root.TryGetProperty("error", out _))
                ? Deserialize(id, isNotification, bytes)
                : JsonRpcVerdict.Answer(id, McpErrorCode.InvalidRequest, "Invalid request: a message needs a 'method' (a request or notification) or a 'result' or 'error' (a response).");
        }

        if (methodElement.ValueKind != JsonValueKind.String || methodElement.GetString() is not { Length: > 0 } method)
        {
            return Refuse(id, isNotification, McpErrorCode.InvalidRequest, $"Invalid request: 'method' must be a non-empty string (got {Kind(methodElement)}).");
        }

        JsonElement? parameters = root.TryGetProperty("params", out var p) ? p : null;
        if (parameters is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) } wrong)
        {
            return Refuse(id, isNotification, McpErrorCode.InvalidParams, $"Invalid params for '{ControlText.Escape(method)}': 'params' must be an object (got {Kind(wrong)}).");
        }

        if (KnownParams.Check(method, parameters) is { } paramsProblem)
        {
            return Refuse(id, isNotification, McpErrorCode.InvalidParams, $"Invalid params for '{method}': {paramsProblem}.");
        }

        return Deserialize(id, isNotification, bytes);
    }

    private static JsonRpcVerdict Deserialize(JsonElement? id, bool isNotification, ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes.Span, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage))) is JsonRpcMessage message
                ? JsonRpcVerdict.Forward(message)
                : Refuse(id, isNotification, McpErrorCode.InvalidRequest, "Invalid request: not a JSON-RPC message.");
        }
        catch (JsonException ex)
        {
            return Refuse(id, isNotification, McpErrorCode.InvalidRequest, $"Invalid request: {ex.Message}");
        }
    }

    private static JsonRpcVerdict Refuse(JsonElement? id, bool isNotification, McpErrorCode code, string reason) =>
        isNotification ? JsonRpcVerdict.Drop(reason) : JsonRpcVerdict.Answer(id, code, reason);

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => element.TryGetInt64(out _) ? "an integer" : "a non-integer number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
