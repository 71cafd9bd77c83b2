using McpGate.Core.Changes;

namespace McpGate.Core.Proofs;

/// <summary><c>predicate.policy</c>: the policy decision at proposal time.</summary>
internal sealed record PredicatePolicy
{
    public required bool Allowed { get; init; }

    public required string Rule { get; init; }

    public required string Reason { get; init; }

    public required int RequiredApprovals { get; init; }

    /// <summary>Written always; read as none when absent.</summary>
    public IReadOnlyList<string>? ApproverGroups { get; init; }

    public static PredicatePolicy Of(PolicyRecord policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new()
        {
            Allowed = policy.Allowed,
            Rule = policy.Rule,
            Reason = policy.Reason,
            RequiredApprovals = policy.RequiredApprovals,
            ApproverGroups = policy.ApproverGroups,
        };
    }
}
