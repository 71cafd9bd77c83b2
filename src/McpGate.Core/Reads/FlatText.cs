using System.Text;
using System.Text.Json.Nodes;

namespace McpGate.Core.Reads;

/// <summary>
/// An object as dotted-path lines (<c>spec.replicas: 3</c>, <c>spec.containers[0].image: nginx:1.27</c>):
/// compact for a model, one fact per line; capped, with a note when cut.
/// </summary>
public static class FlatText
{
    public static string Render(JsonNode? node, int maxLines = 150)
    {
        var lines = new List<string>();
        Walk(node, string.Empty, lines);
        var text = new StringBuilder();
        foreach (var line in lines.Take(maxLines))
        {
            text.Append(line).Append('\n');
        }

        if (lines.Count > maxLines)
        {
            text.Append("... ").Append(lines.Count - maxLines).Append(" more lines in the structured content\n");
        }

        return text.ToString();
    }

    private static void Walk(JsonNode? node, string path, List<string> lines)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                foreach (var (key, child) in obj)
                {
                    Walk(child, path.Length == 0 ? key : $"{path}.{key}", lines);
                }

                break;
            case JsonArray array when array.Count > 0:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", lines);
                }

                break;
            case JsonObject:
                lines.Add($"{path}: {{}}");
                break;
            case JsonArray:
                lines.Add($"{path}: []");
                break;
            case null:
                break;
            default:
                var value = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();
                lines.Add($"{path}: {value.ReplaceLineEndings(" ")}");
                break;
        }
    }
}
