using System.Text.Json.Nodes;
using McpGate.Core.Changes;

namespace McpGate.Core.Diff;

/// <summary>
/// Whether an object still holds what a write set: every field of the applied object, merge
/// patch or strategic merge patch is present in the current object with that value.
/// </summary>
/// <remarks>
/// <para>Maps are checked key by key; fields the write did not name are ignored, so fields the
/// server defaulted or other writers own never count against it. A <c>null</c> (merge patch: remove)
/// holds when the field is absent. Lists Kubernetes declares as maps are matched by their keys as in
/// <see cref="ObjectDiff"/>: a patch naming container <c>web</c> holds when the container named
/// <c>web</c>, at whatever index, has those fields; elements the write did not name are ignored
/// (strategic merge and server-side apply keep them; a JSON merge patch, which replaces the whole
/// list, is checked the same way). Any other list must have as many elements as the applied one,
/// each holding the applied element's fields. Scalars compare as the canonical JSON writes them.
/// <c>status</c> and the server-managed metadata are ignored, as in <see cref="ObjectDiff"/>.</para>
/// <para>Strategic-merge directives: <c>$patch: delete</c> on a list-map element or a map holds when
/// it is absent; <c>$patch: merge</c> is the default; <c>$deleteFromPrimitiveList/&lt;list&gt;</c>
/// holds when none of the values is left; <c>$setElementOrder/&lt;list&gt;</c> holds when the
/// elements it names that are present come in that order; <c>$retainKeys</c> holds when the map
/// has no other key. <c>$patch: replace</c> and anything malformed throw
/// <see cref="UnsupportedPatchDirectiveException"/>.</para>
/// </remarks>
public static class AppliedFields
{
    /// <summary>True when every field <paramref name="applied"/> sets holds in <paramref name="current"/>.</summary>
    /// <exception cref="UnsupportedPatchDirectiveException">A directive cannot be checked.</exception>
    public static bool Hold(JsonObject applied, JsonObject current) => Mismatches(applied, current).Count == 0;

    /// <summary>
    /// The fields that do not hold, in a deterministic order: <c>From</c> is the current value
    /// (null when absent), <c>To</c> what the write set (null for a removal). Empty when they all hold.
    /// </summary>
    /// <exception cref="UnsupportedPatchDirectiveException">A directive cannot be checked.</exception>
    public static IReadOnlyList<DiffLine> Mismatches(JsonObject applied, JsonObject current)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(current);
        var matcher = new AppliedFieldsMatcher();
        matcher.Match(applied, current);
        return matcher.Mismatches;
    }
}
