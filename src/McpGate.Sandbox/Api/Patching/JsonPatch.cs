using System.Globalization;
using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Api.Patching;

/// <summary>
/// RFC 6902 JSON Patch over RFC 6901 pointers. As on the API server, a body that is not an array is a 400, and
/// any failure while applying (a failed <c>test</c> included) is a 422 Invalid with only the generic message
/// "the server rejected our request due to an error in our request": the detail is not returned.
/// </summary>
internal static class JsonPatch
{
    public const string RejectedMessage = "the server rejected our request due to an error in our request";

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            var kind = patch is JsonObject ? "object" : patch is JsonValue value ? value.GetValueKind().ToString().ToLowerInvariant() : "null";
            throw new ApiException(ApiErrors.BadRequest($"json: cannot unmarshal {kind} into Go value of type jsonpatch.Patch"));
        }

        var document = target?.DeepClone();
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op)
            {
                throw Fail("each operation must be a JSON object");
            }

            var kind = (string?)op["op"] ?? throw Fail("missing op");
            var path = (string?)op["path"] ?? throw Fail("missing path");
            switch (kind)
            {
                case "add":
                    document = Add(document, path, Value(op));
                    break;
                case "remove":
                    document = Remove(document, path, out _);
                    break;
                case "replace":
                    document = Remove(document, path, out _);
                    document = Add(document, path, Value(op));
                    break;
                case "move":
                    {
                        var from = (string?)op["from"] ?? throw Fail("missing from");
                        document = Remove(document, from, out var moved);
                        document = Add(document, path, moved);
                        break;
                    }

                case "copy":
                    {
                        var from = (string?)op["from"] ?? throw Fail("missing from");
                        document = Add(document, path, Resolve(document, from)?.DeepClone());
                        break;
                    }

                case "test":
                    if (!JsonNode.DeepEquals(Resolve(document, path), op["value"]))
                    {
                        throw Fail($"testing value {path} failed");
                    }

                    break;
                default:
                    throw Fail($"Unexpected kind: {kind}");
            }
        }

        return document;
    }

    private static JsonNode? Value(JsonObject op) =>
        op.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw Fail("missing value");

    private static List<string> Split(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }

        if (path[0] != '/')
        {
            throw Fail($"invalid path {path}");
        }

        return path[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    private static JsonNode? Resolve(JsonNode? document, string path)
    {
        var node = document;
        foreach (var token in Split(path))
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
                _ => throw Fail($"doc is missing path: \"{path}\""),
            };
        }

        return node;
    }

    private static JsonNode? Add(JsonNode? document, string path, JsonNode? value)
    {
        var tokens = Split(path);
        if (tokens.Count == 0)
        {
            return value;
        }

        var parent = Resolve(document, Pointer(tokens[..^1]));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= array.Count:
                array.Insert(i, value);
                break;
            default:
                throw Fail($"doc is missing path: \"{path}\"");
        }

        return document;
    }

    private static JsonNode? Remove(JsonNode? document, string path, out JsonNode? removed)
    {
        var tokens = Split(path);
        if (tokens.Count == 0)
        {
            removed = document;
            return null;
        }

        var parent = Resolve(document, Pointer(tokens[..^1]));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj when obj.TryGetPropertyValue(last, out var child):
                obj.Remove(last);
                removed = child;
                break;
            case JsonArray array when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count:
                removed = array[i];
                array.RemoveAt(i);
                break;
            default:
                throw Fail($"unable to remove nonexistent key: {last}: missing value");
        }

        return document;
    }

    private static string Pointer(List<string> tokens) =>
        string.Concat(tokens.Select(t => "/" + Escape(t)));

    private static string Escape(string token) =>
        token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>The API server wraps the patch library's error in a generic 422 and drops its text; the sandbox keeps it in <see cref="Exception.Data"/> for debugging.</summary>
    private static ApiException Fail(string detail)
    {
        var exception = new ApiException(new ApiStatus { Code = 422, Reason = "Invalid", Message = RejectedMessage });
        exception.Data["detail"] = detail;
        return exception;
    }
}
