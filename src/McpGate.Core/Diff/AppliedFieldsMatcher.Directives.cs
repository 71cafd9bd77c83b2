using System.Text.Json.Nodes;

namespace McpGate.Core.Diff;

/// <summary>The strategic-merge directives an applied patch may carry.</summary>
internal sealed partial class AppliedFieldsMatcher
{
    /// <summary>The map's <c>$patch</c> (<c>delete</c> or <c>merge</c>), null when it has none.</summary>
    private static string? Directive(string path, JsonObject map)
    {
        if (!map.TryGetPropertyValue(PatchDirective, out var node))
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text switch
            {
                "delete" or "merge" => text,
                "replace" => throw UnsupportedPatchDirectiveException.At(path,
                    "\"$patch\": \"replace\" is not supported: whether a replaced map or list holds cannot be told from its fields (send the whole value without the directive)"),
                _ => throw UnsupportedPatchDirectiveException.At(path, $"\"$patch\": {DiffPath.Quote(text)} is not a strategic-merge directive (delete, merge or replace)"),
            }
            : throw UnsupportedPatchDirectiveException.At(path, "\"$patch\" must be a string");
    }

    /// <summary><c>$retainKeys</c>: the map keeps no key but these.</summary>
    private void CheckRetainKeys(string path, JsonNode? value, JsonObject? current)
    {
        var keep = Strings(path, RetainKeys, value);
        foreach (var (key, present) in (current ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (JsonLeaf.Unset(present) is not null && !keep.Contains(key))
            {
                Mismatch(DiffPath.Key(path, key), present, null);
            }
        }
    }

    /// <summary><c>$setElementOrder/list</c>: the elements it names that are present come in this order.</summary>
    private void CheckOrder(string path, string field, JsonNode? value, JsonObject? current, SchemaPosition position)
    {
        if (JsonLeaf.Unset(value) is not JsonArray order)
        {
            throw UnsupportedPatchDirectiveException.At(path, $"\"{SetElementOrder}{field}\" must be a list");
        }

        var rule = ListMapKeys.RuleFor(position, field);
        string Identity(JsonNode? element) =>
            (rule is not null && element is JsonObject map ? ListElements.Selector(map, rule) : rule is null ? DiffPath.ScalarText(element) : null)
            ?? throw UnsupportedPatchDirectiveException.At(path, $"\"{SetElementOrder}{field}\" names an element that is neither a scalar nor an element of a known list-map");

        var wanted = order.Select(Identity).ToList();
        var listed = wanted.ToHashSet(StringComparer.Ordinal);
        var present = (JsonLeaf.Unset(current?[field]) as JsonArray ?? [])
            .Select(e => rule is not null && e is JsonObject map ? ListElements.Selector(map, rule) : rule is null ? DiffPath.ScalarText(e) : null)
            .Where(s => s is not null && listed.Contains(s))
            .Select(s => s!)
            .ToList();
        var presentSet = present.ToHashSet(StringComparer.Ordinal);
        var expected = wanted.Where(presentSet.Contains).ToList();
        if (!present.SequenceEqual(expected, StringComparer.Ordinal))
        {
            Mismatch(DiffPath.Key(path, field) + DiffPath.OrderSuffix, new JsonArray([.. present.Select(s => (JsonNode)s)]), new JsonArray([.. expected.Select(s => (JsonNode)s)]));
        }
    }

    /// <summary><c>$deleteFromPrimitiveList/list</c>: none of these values is left in the list.</summary>
    private void CheckDeleted(string path, string field, JsonNode? value, JsonObject? current)
    {
        if (JsonLeaf.Unset(value) is not JsonArray removed || removed.Any(v => v is not JsonValue))
        {
            throw UnsupportedPatchDirectiveException.At(path, $"\"{DeleteFromPrimitiveList}{field}\" must be a list of scalars");
        }

        var list = JsonLeaf.Unset(current?[field]) as JsonArray ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (removed.Any(r => JsonLeaf.Same(r, list[i])))
            {
                Mismatch(DiffPath.Index(DiffPath.Key(path, field), i), list[i], null);
            }
        }
    }

    private static HashSet<string> Strings(string path, string directive, JsonNode? value)
    {
        if (JsonLeaf.Unset(value) is JsonArray list && list.All(v => v is JsonValue s && s.TryGetValue<string>(out _)))
        {
            return list.Select(v => v!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        }

        throw UnsupportedPatchDirectiveException.At(path, $"\"{directive}\" must be a list of field names");
    }

    /// <summary>The element or map as the write meant it, without its directives (for a mismatch line).</summary>
    private static JsonObject Without(JsonObject map)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in map)
        {
            if (!key.StartsWith('$'))
            {
                copy[key] = value?.DeepClone();
            }
        }

        return copy;
    }
}
