namespace McpGate.Kubernetes.Diagnostics;

/// <summary>The answer of one SelfSubjectAccessReview; <see cref="Namespace"/> <c>*</c> means cluster-wide.</summary>
public sealed record ClusterAccessResult
{
    public required string Namespace { get; init; }

    public required ClusterAccessRequirement Requirement { get; init; }

    public required bool Allowed { get; init; }

    /// <summary>The authorizer's reason or an evaluation error, when it gave one.</summary>
    public string? Reason { get; init; }
}
