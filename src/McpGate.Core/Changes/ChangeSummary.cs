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
            : $"{target}: " + string.Join(", ", diff.Select(d => $"{d.Path.Split('.')[^1]} {Show(d.From)} -> {Show(d.To)}"));
    }

    private static string Show(JsonNode? node) => node switch
    {
        null => "(unset)",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
