using System.Text.Json.Nodes;
using McpGate.Core.Changes;

namespace McpGate.Core.Diff;

/// <summary>Walks an applied object against the current one (see <see cref="AppliedFields"/>).</summary>
internal sealed partial class AppliedFieldsMatcher
{
    private const int MaxDepth = 100;
    private const string PatchDirective = "$patch";
    private const string RetainKeys = "$retainKeys";
    private const string SetElementOrder = "$setElementOrder/";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";

    public List<DiffLine> Mismatches { get; } = [];

    public void Match(JsonObject applied, JsonObject current) =>
        Value(string.Empty, applied, current, ListMapKeys.ForRoot(current, applied), 0);

    /// <summary>A value the write set for one field, against the field's current value.</summary>
    private void Value(string path, JsonNode? applied, JsonNode? current, SchemaPosition position, int depth)
    {
        applied = JsonLeaf.Unset(applied);
        current = JsonLeaf.Unset(current);
        if (depth > MaxDepth)
        {
            throw UnsupportedPatchDirectiveException.At(path, $"nested deeper than {MaxDepth} levels; it cannot be checked");
        }

        switch (applied)
        {
            case null:
                if (current is not null)
                {
                    Mismatch(path, current, null);
                }

                break;
            case JsonObject map when Directive(path, map) == "delete":
                if (current is not null)
                {
                    Mismatch(path, current, null);
                }

                break;
            case JsonObject map:
                if (current is not (null or JsonObject))
                {
                    Mismatch(path, current, Without(map));
                    break;
                }

                Map(path, map, current as JsonObject, position, depth);
                break;
            default:
                if (!JsonLeaf.Same(applied, current))
                {
                    Mismatch(path, current, applied);
                }

                break;
        }
    }

    private void Map(string path, JsonObject applied, JsonObject? current, SchemaPosition position, int depth)
    {
        foreach (var (key, value) in applied.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (key == PatchDirective || ServerManagedFields.IsLeftOut(position, key))
            {
                continue;
            }

            if (key == RetainKeys)
            {
                CheckRetainKeys(path, value, current);
            }
            else if (key.StartsWith(SetElementOrder, StringComparison.Ordinal))
            {
                CheckOrder(path, key[SetElementOrder.Length..], value, current, position);
            }
            else if (key.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                CheckDeleted(path, key[DeleteFromPrimitiveList.Length..], value, current);
            }
            else if (position == SchemaPosition.Quantities && JsonLeaf.Unset(value) is JsonValue quantity)
            {
                var now = JsonLeaf.Unset(current?[key]);
                if (!Quantity.Same(quantity, now))
                {
                    Mismatch(DiffPath.Key(path, key), now, quantity);
                }
            }
            else if (JsonLeaf.Unset(value) is JsonArray list)
            {
                List(DiffPath.Key(path, key), list, JsonLeaf.Unset(current?[key]), position, key, depth + 1);
            }
            else
            {
                var now = current?[key];
                Value(DiffPath.Key(path, key), value, now, ListMapKeys.ForField(position, key, value, now), depth + 1);
            }
        }
    }

    private void List(string path, JsonArray applied, JsonNode? current, SchemaPosition parent, string field, int depth)
    {
        if (current is not (null or JsonArray))
        {
            Mismatch(path, current, applied);
            return;
        }

        var now = current as JsonArray;
        if (ListMapKeys.RuleFor(parent, field) is { } rule && KeyedApplied(path, applied, rule) is { } elements)
        {
            var byKey = (now ?? []).OfType<JsonObject>()
                .Select(e => (Selector: ListElements.Selector(e, rule), Element: e))
                .Where(e => e.Selector is not null)
                .ToLookup(e => e.Selector!, e => e.Element, StringComparer.Ordinal);
            foreach (var (selector, element, directive) in elements)
            {
                var elementPath = DiffPath.Element(path, selector);
                var matches = byKey[selector].ToList();
                if (directive == "delete")
                {
                    matches.ForEach(m => Mismatch(elementPath, m, null));
                }
                else if (matches.Count == 0)
                {
                    Mismatch(elementPath, null, Without(element));
                }
                else
                {
                    matches.ForEach(m => Map(elementPath, element, m, ListMapKeys.ForElement(parent, field, element, m), depth + 1));
                }
            }

            return;
        }

        if (applied.OfType<JsonObject>().FirstOrDefault(e => e.ContainsKey(PatchDirective)) is not null)
        {
            throw UnsupportedPatchDirectiveException.At(path, "\"$patch\" in a list that is not a list-map with keys on every element; it cannot be checked");
        }

        if ((now?.Count ?? 0) != applied.Count)
        {
            Mismatch(path, now, applied);
            return;
        }

        for (var i = 0; i < applied.Count; i++)
        {
            var element = JsonLeaf.Unset(applied[i]);
            var present = JsonLeaf.Unset(now![i]);
            if (element is JsonArray)
            {
                if (!JsonLeaf.Same(element, present))
                {
                    Mismatch(DiffPath.Index(path, i), present, element);
                }

                continue;
            }

            Value(DiffPath.Index(path, i), element, present, ListMapKeys.ForElement(parent, field, element, present), depth + 1);
        }
    }

    /// <summary>
    /// The applied elements with their selectors and <c>$patch</c> directives; null when the list
    /// cannot be read as a map (then it is compared by index, as a JSON merge patch replaces it).
    /// </summary>
    private static List<(string Selector, JsonObject Element, string? Directive)>? KeyedApplied(string path, JsonArray applied, ListMapRule rule)
    {
        var elements = new List<(string, JsonObject, string?)>();
        foreach (var node in applied)
        {
            if (node is not JsonObject element)
            {
                return null;
            }

            var directive = Directive(path, element);
            if (ListElements.Selector(element, rule) is not { } selector)
            {
                return directive is null ? null
                    : throw UnsupportedPatchDirectiveException.At(path, $"\"$patch\": \"{directive}\" on an element without its keys ({string.Join(", ", rule.Keys)})");
            }

            elements.Add((selector, element, directive));
        }

        return elements;
    }

    private void Mismatch(string path, JsonNode? current, JsonNode? applied) =>
        Mismatches.Add(new DiffLine { Path = path, From = current?.DeepClone(), To = applied?.DeepClone() });
}
