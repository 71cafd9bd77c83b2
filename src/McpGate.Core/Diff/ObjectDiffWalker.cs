using System.Text.Json.Nodes;
using McpGate.Core.Changes;

namespace McpGate.Core.Diff;

/// <summary>Walks two objects side by side and collects the changed leaves (see <see cref="ObjectDiff"/>).</summary>
internal sealed class ObjectDiffWalker(int keep)
{
    /// <summary>Deeper than this, a subtree is compared whole and reported as one line.</summary>
    private const int MaxDepth = 100;

    private readonly List<DiffLine> _lines = [];

    /// <summary>How many lines the diff has, kept or not.</summary>
    public int Count { get; private set; }

    /// <summary>The first lines, up to the number to keep.</summary>
    public List<DiffLine> Lines => _lines;

    public void Compare(JsonObject? before, JsonObject? after) =>
        Node(string.Empty, before, after, ListMapKeys.ForRoot(after, before), 0);

    private void Node(string path, JsonNode? before, JsonNode? after, SchemaPosition position, int depth)
    {
        before = JsonLeaf.Unset(before);
        after = JsonLeaf.Unset(after);
        if (before is null && after is null)
        {
            return;
        }

        if (depth > MaxDepth)
        {
            if (!JsonLeaf.Same(before, after))
            {
                Emit(path, before, after);
            }

            return;
        }

        switch (before, after)
        {
            case (JsonObject { Count: 0 }, null) or (null, JsonObject { Count: 0 }):
                Emit(path, before, after);
                break;
            case (JsonObject or null, JsonObject or null):
                Map(path, before as JsonObject, after as JsonObject, position, depth);
                break;
            default:
                if (!JsonLeaf.Same(before, after))
                {
                    Emit(path, before, after);
                }

                break;
        }
    }

    private void Map(string path, JsonObject? before, JsonObject? after, SchemaPosition position, int depth)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        keys.UnionWith(before?.Select(p => p.Key) ?? []);
        keys.UnionWith(after?.Select(p => p.Key) ?? []);
        foreach (var key in keys)
        {
            if (ServerManagedFields.IsLeftOut(position, key))
            {
                continue;
            }

            var from = JsonLeaf.Unset(before?[key]);
            var to = JsonLeaf.Unset(after?[key]);
            var child = DiffPath.Key(path, key);
            if (AreLists(from, to))
            {
                List(child, from as JsonArray, to as JsonArray, position, key, depth + 1);
            }
            else
            {
                Node(child, from, to, ListMapKeys.ForField(position, key, from, to), depth + 1);
            }
        }
    }

    private void List(string path, JsonArray? before, JsonArray? after, SchemaPosition parent, string field, int depth)
    {
        if (ListMapKeys.RuleFor(parent, field) is { } rule
            && ListElements.Keyed(before, rule) is { } from
            && ListElements.Keyed(after, rule) is { } to)
        {
            KeyedList(path, from, to, parent, field, depth);
            return;
        }

        var count = Math.Max(before?.Count ?? 0, after?.Count ?? 0);
        for (var i = 0; i < count; i++)
        {
            var b = before is not null && i < before.Count ? before[i] : null;
            var a = after is not null && i < after.Count ? after[i] : null;
            var element = DiffPath.Index(path, i);
            if (before is null || i >= before.Count || after is null || i >= after.Count)
            {
                Emit(element, b, a);
            }
            else
            {
                Node(element, b, a, ListMapKeys.ForElement(parent, field, b, a), depth + 1);
            }
        }
    }

    private void KeyedList(string path, List<KeyedElement> before, List<KeyedElement> after, SchemaPosition parent, string field, int depth)
    {
        var beforeBySelector = before.ToDictionary(e => e.Selector, StringComparer.Ordinal);
        var afterSelectors = after.Select(e => e.Selector).ToHashSet(StringComparer.Ordinal);
        var oldOrder = before.Where(e => afterSelectors.Contains(e.Selector)).Select(e => e.Selector).ToList();
        var newOrder = after.Where(e => beforeBySelector.ContainsKey(e.Selector)).Select(e => e.Selector).ToList();
        if (!oldOrder.SequenceEqual(newOrder, StringComparer.Ordinal))
        {
            Emit(path + DiffPath.OrderSuffix, Selectors(oldOrder), Selectors(newOrder));
        }

        foreach (var element in after)
        {
            var child = DiffPath.Element(path, element.Selector);
            if (beforeBySelector.TryGetValue(element.Selector, out var old))
            {
                Node(child, old.Element, element.Element, ListMapKeys.ForElement(parent, field, old.Element, element.Element), depth + 1);
            }
            else
            {
                Emit(child, null, element.Element);
            }
        }

        foreach (var element in before.Where(e => !afterSelectors.Contains(e.Selector)))
        {
            Emit(DiffPath.Element(path, element.Selector), element.Element, null);
        }
    }

    /// <summary>Two lists, or a list with elements against nothing (an empty list added or removed is one line).</summary>
    private static bool AreLists(JsonNode? from, JsonNode? to) => (from, to) switch
    {
        (JsonArray, JsonArray) => true,
        (JsonArray { Count: > 0 }, null) or (null, JsonArray { Count: > 0 }) => true,
        _ => false,
    };

    private static JsonArray Selectors(List<string> selectors) => [.. selectors.Select(s => (JsonNode)s)];

    private void Emit(string path, JsonNode? from, JsonNode? to)
    {
        Count++;
        if (_lines.Count < keep)
        {
            _lines.Add(new DiffLine { Path = path, From = from?.DeepClone(), To = to?.DeepClone() });
        }
    }
}
