using System.Text.Json.Nodes;

namespace McpGate.Core.Operations;

/// <summary>
/// What of a JSON patch (RFC 6902) can be checked against the object afterwards: <c>add</c> and
/// <c>replace</c> of a field reached through maps only (its value must hold) and <c>remove</c> of
/// one (it must be gone). Operations on list positions (<c>/containers/0/image</c>, <c>/-</c>),
/// <c>move</c>, <c>copy</c> and <c>test</c>, and operations on a field another operation also touches, say nothing checkable
/// without the object before: they are counted, not compared.
/// </summary>
internal static class JsonPatchFields
{
    /// <summary>The comparable fields as an object to match (null when none is), and how many operations are not compared.</summary>
    public static (JsonObject? Applied, int NotCompared) Of(JsonNode? patch)
    {
        var operations = (patch as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var touched = operations.Select(o => (Path: Segments(Text(o["path"])), From: Segments(Text(o["from"])))).ToList();
        var applied = new JsonObject();
        var compared = 0;
        for (var i = 0; i < operations.Count; i++)
        {
            var op = Text(operations[i]["op"]);
            var path = touched[i].Path;
            if (op is not ("add" or "replace" or "remove") || path is null || path.Length == 0 || path.Any(IsListPosition)
                || touched.Where((_, j) => j != i).Any(t => Overlaps(t.Path, path) || Overlaps(t.From, path)))
            {
                continue;
            }

            Set(applied, path, op == "remove" ? null : operations[i]["value"]?.DeepClone());
            compared++;
        }

        return (compared == 0 ? null : applied, operations.Count - compared);
    }

    /// <summary>RFC 6901 pointer segments, unescaped; null when it is not a pointer.</summary>
    private static string[]? Segments(string? pointer) =>
        pointer is null || (pointer.Length > 0 && pointer[0] != '/')
            ? null
            : pointer.Length == 0 ? [] : [.. pointer[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    private static bool IsListPosition(string segment) => segment == "-" || (segment.Length > 0 && segment.All(char.IsAsciiDigit));

    /// <summary>Two operations on the same field, or one inside the other: the end state of neither can be told alone, so neither is compared.</summary>
    private static bool Overlaps(string[]? other, string[] path) => other is not null && other.Zip(path).All(p => p.First == p.Second);

    private static void Set(JsonObject root, string[] path, JsonNode? value)
    {
        var current = root;
        foreach (var segment in path[..^1])
        {
            if (current[segment] is not JsonObject next)
            {
                next = new JsonObject();
                current[segment] = next;
            }

            current = next;
        }

        current[path[^1]] = value;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
