using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Api.Apply;

/// <summary>
/// One field of an object as managedFields names it: a list of FieldsV1 elements such as
/// <c>f:spec</c>, <c>f:containers</c>, <c>k:{"name":"web"}</c>, <c>f:image</c>.
/// </summary>
internal sealed record FieldPath(IReadOnlyList<string> Elements)
{
    public string Key => string.Join('\n', Elements);

    /// <summary>As the API server prints it in conflicts: .spec.template.spec.containers[name="web"].image</summary>
    public override string ToString()
    {
        var text = new System.Text.StringBuilder();
        foreach (var element in Elements)
        {
            if (element.StartsWith("f:", StringComparison.Ordinal))
            {
                text.Append('.').Append(element[2..]);
            }
            else if (element.StartsWith("k:", StringComparison.Ordinal) && JsonNode.Parse(element[2..]) is JsonObject key)
            {
                text.Append('[').Append(string.Join(",", key.Select(p => $"{p.Key}={p.Value?.ToJsonString()}"))).Append(']');
            }
            else
            {
                text.Append('[').Append(element).Append(']');
            }
        }

        return text.ToString();
    }

    /// <summary>The value at this path, or null when absent.</summary>
    public JsonNode? Find(JsonNode? root)
    {
        var node = root;
        foreach (var element in Elements)
        {
            if (element.StartsWith("f:", StringComparison.Ordinal))
            {
                node = (node as JsonObject)?[element[2..]];
            }
            else if (element.StartsWith("k:", StringComparison.Ordinal) && JsonNode.Parse(element[2..]) is JsonObject key)
            {
                node = (node as JsonArray)?.FirstOrDefault(item => key.All(p => JsonNode.DeepEquals(item?[p.Key], p.Value)));
            }
            else
            {
                return null;
            }

            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Removes the value at this path; true when something was removed.</summary>
    public bool Remove(JsonNode? root)
    {
        if (Elements.Count == 0)
        {
            return false;
        }

        var parent = new FieldPath(Elements.Take(Elements.Count - 1).ToList()).Find(root);
        var last = Elements[^1];
        if (last.StartsWith("f:", StringComparison.Ordinal) && parent is JsonObject obj)
        {
            return obj.Remove(last[2..]);
        }

        if (last.StartsWith("k:", StringComparison.Ordinal) && parent is JsonArray array && Find(root) is { } item)
        {
            return array.Remove(item);
        }

        return false;
    }
}
