using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Api.Patching;

/// <summary>
/// Strategic merge patch for the built-in types: like a JSON merge patch, except that lists with a
/// merge key (containers and env by name, container ports by containerPort, service ports by port,
/// volumes by name, volumeMounts by mountPath...) are merged element by element, and the directives
/// <c>$patch: delete|replace</c>, <c>$retainKeys</c>, <c>$deleteFromPrimitiveList/F</c> and
/// <c>$setElementOrder/F</c> (order is not enforced) are honoured.
/// </summary>
internal static class StrategicMergePatch
{
    private static readonly Dictionary<string, string> s_mergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["imagePullSecrets"] = "name",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
        ["conditions"] = "type",
        ["ownerReferences"] = "uid",
        ["resourceClaims"] = "name",
    };

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) => Merge(target, patch, parentField: null);

    private static JsonNode? Merge(JsonNode? target, JsonNode? patch, string? parentField)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        if ((string?)(patchObject["$patch"] as JsonValue) is "replace")
        {
            var replacement = (JsonObject)patchObject.DeepClone();
            replacement.Remove("$patch");
            return replacement;
        }

        var result = target as JsonObject is { } targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        if (patchObject["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => (string?)k).ToHashSet(StringComparer.Ordinal);
            foreach (var key in result.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                result.Remove(key);
            }
        }

        foreach (var (key, value) in patchObject)
        {
            if (key is "$patch" or "$retainKeys" || key.StartsWith("$setElementOrder/", StringComparison.Ordinal))
            {
                continue;
            }

            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray primitives && value is JsonArray remove)
                {
                    var removed = remove.Select(v => v?.ToJsonString()).ToHashSet(StringComparer.Ordinal);
                    result[field] = new JsonArray(primitives.Where(p => !removed.Contains(p?.ToJsonString())).Select(p => p?.DeepClone()).ToArray());
                }

                continue;
            }

            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonArray patchList && MergeKey(key, parentField) is { } mergeKey)
            {
                result[key] = MergeList(result[key] as JsonArray, patchList, mergeKey, key);
            }
            else if (value is JsonObject)
            {
                if ((string?)(value["$patch"] as JsonValue) is "delete")
                {
                    result.Remove(key);
                }
                else
                {
                    result[key] = Merge(result[key], value, key);
                }
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }

        return result;
    }

    internal static string? MergeKey(string field, string? parentField) => field switch
    {
        "ports" => parentField is "spec" ? "port" : "containerPort",
        _ => s_mergeKeys.GetValueOrDefault(field),
    };

    private static JsonArray MergeList(JsonArray? current, JsonArray patch, string mergeKey, string field)
    {
        var result = current is null ? [] : (JsonArray)current.DeepClone();
        foreach (var element in patch)
        {
            if (element is not JsonObject patchElement)
            {
                result.Add(element?.DeepClone());
                continue;
            }

            var key = patchElement[mergeKey]?.ToJsonString();
            var index = key is null ? -1 : IndexOf(result, mergeKey, key);
            if ((string?)(patchElement["$patch"] as JsonValue) is "delete")
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }

                continue;
            }

            if (index >= 0)
            {
                result[index] = Merge(result[index], patchElement, field);
            }
            else
            {
                result.Add(Merge(null, patchElement, field));
            }
        }

        return result;
    }

    private static int IndexOf(JsonArray list, string mergeKey, string key)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject item && string.Equals(item[mergeKey]?.ToJsonString(), key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
