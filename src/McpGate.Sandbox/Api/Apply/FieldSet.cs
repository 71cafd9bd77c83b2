using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Api.Patching;

namespace McpGate.Sandbox.Api.Apply;

/// <summary>
/// A set of fields (leaves: scalars, atomic lists, empty maps; and items of keyed lists) with its
/// FieldsV1 form. Granularity: every scalar is its own field; lists with a merge key (containers,
/// env, ports...) are sets of items; other lists are atomic.
/// </summary>
internal sealed class FieldSet
{
    private static readonly HashSet<string> s_ignoredMetadata = new(StringComparer.Ordinal)
    {
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp",
    };

    private readonly Dictionary<string, FieldPath> _paths;

    private FieldSet(Dictionary<string, FieldPath> paths)
    {
        _paths = paths;
    }

    public static FieldSet Empty => new([]);

    public IEnumerable<FieldPath> Paths => _paths.Values;

    public int Count => _paths.Count;

    public bool Contains(FieldPath path) => _paths.ContainsKey(path.Key);

    /// <summary>The fields an object sets, without identity, type meta and (when a subresource) status.</summary>
    public static FieldSet Of(JsonObject obj, bool includeStatus)
    {
        var paths = new Dictionary<string, FieldPath>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            if (key is "apiVersion" or "kind" || (key == "status" && !includeStatus))
            {
                continue;
            }

            if (key == "metadata" && value is JsonObject metadata)
            {
                foreach (var (field, child) in metadata.Where(p => !s_ignoredMetadata.Contains(p.Key)))
                {
                    Walk(["f:metadata", "f:" + field], field, "metadata", child, paths);
                }

                continue;
            }

            Walk(["f:" + key], key, null, value, paths);
        }

        return new FieldSet(paths);
    }

    public static FieldSet FromFieldsV1(JsonNode? fields)
    {
        var paths = new Dictionary<string, FieldPath>(StringComparer.Ordinal);
        Read(fields as JsonObject, [], paths);
        return new FieldSet(paths);
    }

    public FieldSet Except(FieldSet other) => new(_paths.Where(p => !other._paths.ContainsKey(p.Key)).ToDictionary(StringComparer.Ordinal));

    public FieldSet Where(Func<FieldPath, bool> predicate) => new(_paths.Where(p => predicate(p.Value)).ToDictionary(StringComparer.Ordinal));

    public FieldSet Union(FieldSet other)
    {
        var paths = new Dictionary<string, FieldPath>(_paths, StringComparer.Ordinal);
        foreach (var (key, path) in other._paths)
        {
            paths[key] = path;
        }

        return new FieldSet(paths);
    }

    public FieldSet Intersect(FieldSet other) => new(_paths.Where(p => other._paths.ContainsKey(p.Key)).ToDictionary(StringComparer.Ordinal));

    public JsonObject ToFieldsV1()
    {
        var root = new JsonObject();
        foreach (var path in _paths.Values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var node = root;
            foreach (var element in path.Elements)
            {
                if (node[element] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[element] = child;
                }

                node = child;
            }

            if (node.Count > 0)
            {
                node["."] = new JsonObject();
            }
        }

        return root;
    }

    private static void Walk(List<string> path, string field, string? parentField, JsonNode? value, Dictionary<string, FieldPath> paths)
    {
        switch (value)
        {
            case JsonObject obj when obj.Count > 0:
                foreach (var (key, child) in obj)
                {
                    Walk([.. path, "f:" + key], key, field, child, paths);
                }

                break;
            case JsonArray array when array.Count > 0 && StrategicMergePatch.MergeKey(field, parentField) is { } mergeKey
                && array.All(i => i is JsonObject o && o[mergeKey] is JsonValue):
                foreach (var item in array.OfType<JsonObject>())
                {
                    var key = new JsonObject { [mergeKey] = item[mergeKey]!.DeepClone() };
                    var itemPath = new List<string>(path) { "k:" + key.ToJsonString() };
                    Add(itemPath, paths);
                    foreach (var (childKey, child) in item)
                    {
                        Walk([.. itemPath, "f:" + childKey], childKey, field, child, paths);
                    }
                }

                break;
            default:
                Add(path, paths);
                break;
        }
    }

    private static void Add(List<string> path, Dictionary<string, FieldPath> paths)
    {
        var fieldPath = new FieldPath(path.ToList());
        paths[fieldPath.Key] = fieldPath;
    }

    private static void Read(JsonObject? node, List<string> path, Dictionary<string, FieldPath> paths)
    {
        if (node is null)
        {
            return;
        }

        var children = node.Where(p => p.Key != ".").ToList();
        if (path.Count > 0 && (children.Count == 0 || node.ContainsKey(".")))
        {
            Add(path, paths);
        }

        foreach (var (key, child) in children)
        {
            Read(child as JsonObject, [.. path, key], paths);
        }
    }

    /// <summary>Whether two values at the same field are the same (numbers compared as numbers).</summary>
    public static bool SameValue(JsonNode? left, JsonNode? right) =>
        JsonNode.DeepEquals(left, right)
        || (left is JsonValue l && right is JsonValue r && l.GetValueKind() == JsonValueKind.Number && r.GetValueKind() == JsonValueKind.Number
            && l.ToJsonString() == r.ToJsonString());
}
