using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Manifests;
using McpGate.Core.Policy;

namespace McpGate.Cli.Commands;

/// <summary>What the policy decides for one call, and why: the rule, the covering freeze windows, who could approve.</summary>
internal sealed record PolicyExplanation
{
    public required PolicyRequest Request { get; init; }

    public required PolicyDecision Decision { get; init; }

    /// <summary>The file the deciding rule comes from; null for built-in decisions (default deny, freeze, read passthrough).</summary>
    public string? RuleSource { get; init; }

    public required IReadOnlyList<FreezeWindow> CoveringWindows { get; init; }

    /// <summary>Approvers who count toward the approval the decision asks for.</summary>
    public required IReadOnlyList<string> EligibleApprovers { get; init; }

    public static PolicyExplanation Of(PolicySet policy, PolicyRequest request)
    {
        var decision = new PolicyEvaluator(policy).Evaluate(request);
        return new PolicyExplanation
        {
            Request = request,
            Decision = decision,
            RuleSource = decision.DecisionReason.NamesPolicyRule() ? policy.Rules.FirstOrDefault(r => r.Name == decision.RuleName)?.SourcePath : null,
            CoveringWindows = request.Access == ToolAccess.Write
                ? [.. policy.FreezeWindows.Where(w => w.Covers(request.Time, request.Namespace))]
                : [],
            EligibleApprovers = decision.Approval is { } approval
                ? [.. policy.Approvers.Where(a => PolicyEvaluator.CanApprove(a, approval)).Select(a => a.Identity)]
                : [],
        };
    }

    public JsonObject ToJson() => new()
    {
        ["tool"] = Request.Tool,
        ["access"] = Request.Access == ToolAccess.Write ? "write" : "read",
        ["namespace"] = Request.Namespace,
        ["cluster"] = Request.Cluster,
        ["requester"] = Request.Requester,
        ["at"] = Request.Time.ToString("O", CultureInfo.InvariantCulture),
        ["allowed"] = Decision.Allowed,
        ["rule"] = Decision.RuleName,
        ["decisionReason"] = Decision.DecisionReason.ToWire(),
        ["ruleSource"] = RuleSource,
        ["reason"] = Decision.Reason,
        ["freezeWindows"] = new JsonArray([.. CoveringWindows.Select(w => (JsonNode?)new JsonObject { ["name"] = w.Name, ["when"] = w.Describe() })]),
        ["constraints"] = new JsonArray([.. Decision.Constraints.Select(c => (JsonNode?)new JsonObject
        {
            ["argument"] = c.Argument,
            ["rule"] = c.Rule,
            ["passed"] = c.Passed,
            ["detail"] = c.Detail,
        })]),
        ["approval"] = Decision.Approval is { } approval ? new JsonObject
        {
            ["count"] = approval.Count,
            ["groups"] = new JsonArray([.. approval.Groups.Select(g => (JsonNode?)g)]),
            ["expirySeconds"] = Decision.ApprovalExpiry.TotalSeconds,
            ["eligibleApprovers"] = new JsonArray([.. EligibleApprovers.Select(a => (JsonNode?)a)]),
        } : null,
    };
}
