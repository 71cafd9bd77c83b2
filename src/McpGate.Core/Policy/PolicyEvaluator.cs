using McpGate.Core.Manifests;

namespace McpGate.Core.Policy;

/// <summary>
/// Decides whether a tool call may proceed. Reads pass through; for writes a covering
/// freeze window denies, then any matching deny rule, then the first matching allow rule
/// decides (denying when one of its constraints fails); with no match, writes are denied.
/// </summary>
public sealed class PolicyEvaluator
{
    private readonly PolicySet _policy;

    public PolicyEvaluator(PolicySet policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policy = policy;
    }

    /// <summary>Whether <paramref name="approver"/> is in one of the requirement's groups (any approver when it names none).</summary>
    public static bool CanApprove(Approver approver, ApprovalRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(approver);
        ArgumentNullException.ThrowIfNull(requirement);
        return requirement.Groups.Count == 0 || approver.Groups.Any(g => requirement.Groups.Contains(g, StringComparer.Ordinal));
    }

    public PolicyDecision Evaluate(PolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Access == ToolAccess.Read)
        {
            return Decide(true, DecisionReason.ReadPassthrough, "read-passthrough", $"{request.Tool} only reads, so it passes through without approval");
        }

        var target = Target(request);
        if (_policy.FreezeWindows.FirstOrDefault(w => w.Covers(request.Time, request.Namespace)) is { } window)
        {
            return Decide(false, DecisionReason.Frozen, $"freeze:{window.Name}",
                $"writes are frozen by window {window.Name} ({window.Describe()}), so {request.Tool} {target} must wait until it ends");
        }

        var matching = _policy.Rules.Where(r => Matches(r, request)).ToList();
        if (matching.FirstOrDefault(r => r.Effect == PolicyEffect.Deny) is { } deny)
        {
            return Decide(false, DecisionReason.DeniedByRule, deny.Name, $"rule {deny.Name} denies {request.Tool} {target}");
        }

        if (matching.FirstOrDefault(r => r.Effect == PolicyEffect.Allow) is not { } allow)
        {
            return Decide(false, DecisionReason.DefaultDeny, "default-deny", $"no rule allows {request.Tool} {target}");
        }

        var checks = ConstraintEvaluator.Check(allow, request.Arguments).ToList();
        var failed = checks.Where(c => !c.Passed).Select(c => c.Detail).ToList();
        if (failed.Count > 0)
        {
            return Decide(false, DecisionReason.ConstraintFailed, allow.Name, string.Join("; ", failed)) with { Constraints = checks };
        }

        var approval = allow.Approval ?? new ApprovalRequirement { Count = 1 };
        return Decide(true, DecisionReason.AllowedByRule, allow.Name, $"rule {allow.Name} allows {request.Tool} {target} once {Approvers(approval)} the proof") with
        {
            Approval = approval,
            Constraints = checks,
        };
    }

    private PolicyDecision Decide(bool allowed, DecisionReason why, string rule, string reason) => new()
    {
        Allowed = allowed,
        DecisionReason = why,
        RuleName = rule,
        Reason = reason,
        ApprovalExpiry = _policy.DefaultApprovalExpiry,
    };

    private static bool Matches(PolicyRule rule, PolicyRequest request) =>
        rule.Tools.Any(t => t == "*" || string.Equals(t, request.Tool, StringComparison.Ordinal))
        && NamePattern.MatchesAny(rule.Namespaces, request.Namespace)
        && NamePattern.MatchesAny(rule.Clusters, request.Cluster)
        && NamePattern.MatchesAny(rule.Requesters, Identities.TryCanonicalize(request.Requester, out var requester) ? requester : request.Requester);

    private static string Target(PolicyRequest request) =>
        request.Namespace is { } ns
            ? $"in namespace {ns} on cluster {request.Cluster}"
            : $"on cluster-scoped objects of cluster {request.Cluster}";

    private static string Approvers(ApprovalRequirement approval) =>
        (approval.Count == 1 ? "1 approver" : $"{approval.Count} distinct approvers")
        + (approval.Groups.Count == 0 ? string.Empty : $" from group {string.Join(" or ", approval.Groups)}")
        + (approval.Count == 1 ? " approves" : " approve");
}
