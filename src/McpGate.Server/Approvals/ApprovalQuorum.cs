using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;

namespace McpGate.Server.Approvals;

/// <summary>Where a change stands against its approval rule, in numbers and in one sentence: "1 of 2 approvals, needs 1 more from group dba".</summary>
internal static class ApprovalQuorum
{
    public static JsonObject ToJson(ApprovalRules rules, ApprovalTally tally)
    {
        var approved = tally.Accepted.Count;
        // The proof's groups and the policy's groups now are often the same set: name each set once.
        var sets = rules.GroupSets.Select(set => string.Join(" or ", set)).Distinct(StringComparer.Ordinal).ToList();
        var groups = sets.Count == 0 ? null : string.Join(" and ", sets);
        var missing = Math.Max(0, tally.Required - approved);
        var text = $"{approved.ToString(CultureInfo.InvariantCulture)} of {tally.Required.ToString(CultureInfo.InvariantCulture)} approvals"
            + (tally.Rejection is { } rejection ? $", rejected by {rejection.Identity}"
                : missing == 0 ? ", quorum met"
                : $", needs {(missing == 1 ? "one" : missing.ToString(CultureInfo.InvariantCulture))} more" + (groups is null ? string.Empty : $" from group {groups}"));
        return new JsonObject
        {
            ["approved"] = approved,
            ["required"] = tally.Required,
            ["groups"] = new JsonArray([.. rules.GroupSets.Select(set => (JsonNode)new JsonArray([.. set.Select(g => (JsonNode)JsonValue.Create(g)!)]))]),
            ["approvers"] = new JsonArray([.. tally.Accepted.Select(a => (JsonNode)JsonValue.Create(a.Identity)!)]),
            ["rejectedBy"] = tally.Rejection?.Identity,
            ["met"] = tally.QuorumMet,
            ["text"] = text,
        };
    }
}
