using System.Text.Json.Nodes;

namespace McpGate.Core.Changes;

/// <summary>The one-line summary of a change, e.g. <c>demo/web: replicas 2 -> 5</c>, derived from its diff.</summary>
public static class ChangeSummary
{
    public static string Of(string target, IReadOnlyList<DiffLine> diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        return diff.Count == 0
            ? $"{target}: no change"
            : $"{target}: " + string.Join(", ", diff.Select(d => $"{LastSegment(d.Path)} {Show(d.From)} -> {Show(d.To)}"));
    }

    /// <summary>
    /// The path after its last dot outside brackets and quotes: <c>spec.replicas</c> gives <c>replicas</c>,
    /// <c>metadata.annotations["a.b/c"]</c> gives <c>annotations["a.b/c"]</c>. A path with no
    /// brackets gives what it always gave (the text after its last dot), so stored summaries still match.
    /// </summary>
    private static string LastSegment(string path)
    {
        var start = 0;
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"' && depth > 0)
            {
                quoted = true;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (c == '.' && depth == 0)
            {
                start = i + 1;
            }
        }

        return path[start..];
    }

    private static string Show(JsonNode? node) => node switch
    {
        null => "(unset)",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
