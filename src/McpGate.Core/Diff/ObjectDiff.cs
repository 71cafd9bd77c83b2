using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;

namespace McpGate.Core.Diff;

/// <summary>
/// What a write changes in a Kubernetes object, field by field, as <c>kubectl diff</c> would
/// show it: the object before (null for a create) against the object after (null for a delete),
/// usually the observed object against the server's dry-run result.
/// </summary>
/// <remarks>
/// <para>One line per changed leaf, with its value before and after (null when unset). Maps are
/// walked key by key in ordinal order. Lists Kubernetes declares as maps (containers and env by
/// <c>name</c>, container ports by <c>containerPort</c> and <c>protocol</c>, volume mounts by
/// <c>mountPath</c>...) are matched by their keys, whatever the element's index: an element on one
/// side only is one line holding the whole element; a changed order of the elements both sides
/// hold is one line <c>&lt;list&gt;.$order</c> whose values are the selectors in each order (the
/// order of containers is the order they start in). A list-map with an element that lacks its
/// keys or repeats them is compared by index, as every other list is; its paths then end in
/// <c>[index]</c>. Paths are described on <see cref="DiffPath"/>.</para>
/// <para>Left out: <c>status</c> and <c>metadata.resourceVersion</c>, <c>generation</c>,
/// <c>managedFields</c>, <c>uid</c>, <c>creationTimestamp</c> (the server sets them). A member
/// set to <c>null</c> is the same as an absent one, numbers compare as the canonical JSON writes
/// them (<c>2</c> equals <c>2.0</c>), and an empty map or list added or removed is one line.</para>
/// <para>The diff is deterministic for the same two objects and holds at most
/// <see cref="MaxLines"/> lines; past that its last line is <see cref="TruncatedPath"/>, whose
/// <c>To</c> says how many lines were left out.</para>
/// </remarks>
public static class ObjectDiff
{
    /// <summary>The most lines a diff holds, the truncation line included.</summary>
    public const int MaxLines = 200;

    /// <summary>The path of the last line of a diff that was cut at <see cref="MaxLines"/>; no field path can take this form.</summary>
    public const string TruncatedPath = "(truncated)";

    /// <summary>The changed fields from <paramref name="before"/> to <paramref name="after"/>, at most <see cref="MaxLines"/> lines.</summary>
    public static IReadOnlyList<DiffLine> Compare(JsonObject? before, JsonObject? after) => Compare(before, after, MaxLines);

    /// <summary>The changed fields, at most <paramref name="maxLines"/> lines (at least 2).</summary>
    public static IReadOnlyList<DiffLine> Compare(JsonObject? before, JsonObject? after, int maxLines)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLines, 2);
        var walker = new ObjectDiffWalker(maxLines);
        walker.Compare(before, after);
        if (walker.Count <= maxLines)
        {
            return walker.Lines;
        }

        var omitted = walker.Count - (maxLines - 1);
        return
        [
            .. walker.Lines.Take(maxLines - 1),
            new DiffLine
            {
                Path = TruncatedPath,
                To = string.Create(CultureInfo.InvariantCulture, $"{omitted} more changed field(s) not shown; a diff lists at most {maxLines} lines"),
            },
        ];
    }
}
