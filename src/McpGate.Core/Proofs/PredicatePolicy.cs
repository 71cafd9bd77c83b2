using System.Text.Json.Serialization;
using McpGate.Core.Changes;
using McpGate.Core.Policy;

namespace McpGate.Core.Proofs;

/// <summary><c>predicate.policy</c>: the policy decision at proposal time.</summary>
internal sealed record PredicatePolicy
{
    public required bool Allowed { get; init; }

    public required string Rule { get; init; }

    /// <summary>
    /// Which branch of the policy decided, snake_case. Written whenever the change has one (every change
    /// proposed since decision reasons were recorded); proofs signed before are read as null, and so are
    /// their bytes unchanged. Nothing is decided from it: the engine evaluates the policy again before executing.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DecisionReason? DecisionReason { get; init; }

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
            DecisionReason = policy.DecisionReason,
            Reason = policy.Reason,
            RequiredApprovals = policy.RequiredApprovals,
            ApproverGroups = policy.ApproverGroups,
        };
    }
}
