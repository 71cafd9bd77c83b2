namespace McpGate.Core.Policy;

public sealed record PolicyDecision
{
    public required bool Allowed { get; init; }

    /// <summary>The deciding rule: a rule name, <c>read-passthrough</c>, <c>default-deny</c> or <c>freeze:&lt;window&gt;</c>.</summary>
    public required string RuleName { get; init; }

    /// <summary>Which branch of the policy decided: code reads this, never <see cref="RuleName"/> or <see cref="Reason"/>.</summary>
    public required DecisionReason DecisionReason { get; init; }

    /// <summary>One sentence an operator and a model both understand.</summary>
    public required string Reason { get; init; }

    /// <summary>Who must approve; null for reads and denials.</summary>
    public ApprovalRequirement? Approval { get; init; }

    public IReadOnlyList<ConstraintCheck> Constraints { get; init; } = [];

    public required TimeSpan ApprovalExpiry { get; init; }
}
