using System.Text.Json.Nodes;
using McpGate.Core.Diff;

namespace McpGate.Core.Operations;

/// <summary>
/// The JSON merge patch (RFC 7386) that turns the object after a change back into the object
/// before it: each changed field gets its old value, each added field is removed (null), and a
/// changed list is replaced whole by the old list. Fields the server owns (status, resourceVersion,
/// generation, managedFields, uid, timestamps) are left out: they are not the change's to restore.
/// </summary>
public static class InversePatch
{
    private static readonly HashSet<string> s_serverMetadata = new(StringComparer.Ordinal)
    {
        "resourceVersion", "generation", "managedFields", "uid", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "selfLink",
    };

    /// <summary>The patch from <paramref name="after"/> back to <paramref name="before"/>; empty when nothing the change owns differs.</summary>
    public static JsonObject Between(JsonObject after, JsonObject before)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(before);
        var patch = new JsonObject();
        foreach (var key in Keys(after, before))
        {
            if (key == "status" || key == "kind" || key == "apiVersion")
            {
                continue;
            }

            if (key == "metadata")
            {
                var metadata = ObjectPatch(after[key] as JsonObject ?? [], before[key] as JsonObject ?? [], s_serverMetadata);
                if (metadata.Count > 0)
                {
                    patch[key] = metadata;
                }

                continue;
            }

            AddDifference(patch, key, after[key], before[key], before.ContainsKey(key));
        }

        return patch;
    }

    private static JsonObject ObjectPatch(JsonObject after, JsonObject before, HashSet<string>? skip)
    {
        var patch = new JsonObject();
        foreach (var key in Keys(after, before))
        {
            if (skip?.Contains(key) != true)
            {
                AddDifference(patch, key, after[key], before[key], before.ContainsKey(key));
            }
        }

        return patch;
    }

    private static void AddDifference(JsonObject patch, string key, JsonNode? after, JsonNode? before, bool beforeHasKey)
    {
        if (!beforeHasKey)
        {
            patch[key] = null;
        }
        else if (after is JsonObject afterObject && before is JsonObject beforeObject)
        {
            var nested = ObjectPatch(afterObject, beforeObject, skip: null);
            if (nested.Count > 0)
            {
                patch[key] = nested;
            }
        }
        else if (!JsonLeaf.Same(after, before))
        {
            patch[key] = before?.DeepClone();
        }
    }

    private static IEnumerable<string> Keys(JsonObject first, JsonObject second) =>
        first.Select(p => p.Key).Union(second.Select(p => p.Key), StringComparer.Ordinal).Order(StringComparer.Ordinal);
}
