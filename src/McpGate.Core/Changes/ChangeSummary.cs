using System.Text.Json.Nodes;

namespace McpGate.Core.Changes;

/// <summary>The one-line summary of a change, e.g. <c>demo/web: replicas 2 -> 5</c>, derived from its diff.</summary>
public static class ChangeSummary
{
    public static string Of(string target, IReadOnlyList<DiffLine> diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var shown = diff.Take(MaxLines).Select(d => $"{LastSegment(d.Path)} {Show(d.From)} -> {Show(d.To)}");
        return diff.Count == 0 ? $"{target}: no change"
            : diff.Count <= MaxLines ? $"{target}: " + string.Join(", ", shown)
            : $"{target}: " + string.Join(", ", shown) + $", and {diff.Count - MaxLines} more field(s) (see the diff)";
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

    /// <summary>Lines a summary shows; the diff has them all.</summary>
    public const int MaxLines = 5;

    /// <summary>Longest value a summary shows.</summary>
    public const int MaxValue = 80;

    // Objects and lists in canonical form: the summary is recomputed from the signed diff, whose
    // objects come back with their keys sorted, and must come out the same.
    private static string Show(JsonNode? node) => Cut(node switch
    {
        null => "(unset)",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject or JsonArray => Json.CanonicalJson.ToCanonicalString(node),
        _ => node.ToJsonString(),
    });

    private static string Cut(string text) => text.Length <= MaxValue ? text : string.Concat(text.AsSpan(0, MaxValue - 3), "...");
}
