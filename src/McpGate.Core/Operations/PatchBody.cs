using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Engine;

namespace McpGate.Core.Operations;

/// <summary>
/// A patch document the agent passes in a body parameter: for a JSON patch, a list of RFC 6902
/// operations; for a merge or strategic merge patch, one non-empty map (YAML or JSON).
/// </summary>
internal static class PatchBody
{
    /// <summary>Most operations one JSON patch may hold.</summary>
    public const int MaxOperations = 100;

    private static readonly HashSet<string> s_ops = new(StringComparer.Ordinal) { "add", "remove", "replace", "move", "copy", "test" };

    /// <exception cref="ProposalException">The body is not a patch of that type; the message names <paramref name="parameter"/> and the rule.</exception>
    public static JsonNode Parse(string parameter, string? text, PatchType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(parameter);
        var documents = BodyDocuments.Parse(parameter, text ?? string.Empty);
        if (documents.Count != 1)
        {
            throw new ProposalException($"{parameter}: must hold exactly one patch document (got {documents.Count}).");
        }

        var node = documents[0].Node;
        return type == PatchType.Json ? JsonPatch(parameter, node) : ObjectPatch(parameter, node, type);
    }

    private static JsonObject ObjectPatch(string parameter, JsonNode? node, PatchType type)
    {
        var name = type == PatchType.Merge ? "a merge patch" : "a strategic merge patch";
        if (node is not JsonObject { Count: > 0 } patch)
        {
            throw new ProposalException($"{parameter}: {name} must be a non-empty map of the fields to set, e.g. {{\"spec\":{{\"replicas\":3}}}} (got {Describe(node)}).");
        }

        return patch;
    }

    private static JsonArray JsonPatch(string parameter, JsonNode? node)
    {
        if (node is not JsonArray { Count: > 0 } operations)
        {
            throw new ProposalException($"{parameter}: a json patch must be a non-empty list of operations, e.g. [{{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}}] (got {Describe(node)}).");
        }

        if (operations.Count > MaxOperations)
        {
            throw new ProposalException($"{parameter}: a json patch may hold at most {MaxOperations} operations (got {operations.Count}).");
        }

        for (var i = 0; i < operations.Count; i++)
        {
            var where = $"{parameter}: operation {i + 1}";
            if (operations[i] is not JsonObject operation)
            {
                throw new ProposalException($"{where}: must be a map with op and path (got {Describe(operations[i])}).");
            }

            var op = Text(operation["op"]);
            if (op is null || !s_ops.Contains(op))
            {
                throw new ProposalException($"{where}: op must be one of add, remove, replace, move, copy, test (got {Describe(operation["op"])}).");
            }

            RequirePointer(where, "path", operation["path"]);
            if (op is "move" or "copy")
            {
                RequirePointer(where, "from", operation["from"]);
            }

            if (op is "add" or "replace" or "test" && !operation.ContainsKey("value"))
            {
                throw new ProposalException($"{where}: {op} needs a value.");
            }
        }

        return operations;
    }

    private static void RequirePointer(string where, string field, JsonNode? node)
    {
        if (Text(node) is not { } pointer || (pointer.Length > 0 && pointer[0] != '/'))
        {
            throw new ProposalException($"{where}: {field} must be a JSON pointer such as /spec/replicas (got {Describe(node)}).");
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Describe(JsonNode? node) => node switch
    {
        null => "nothing",
        JsonObject o => o.Count == 0 ? "an empty map" : "a map",
        JsonArray a => a.Count == 0 ? "an empty list" : "a list",
        _ => node.ToJsonString(),
    };
}
