namespace McpGate.Core.Changes;

/// <summary>Why an approved change is not running yet, and the earliest time it may.</summary>
public sealed record WaitRecord
{
    /// <summary>The policy's deciding rule, e.g. <c>freeze:weekend</c>.</summary>
    public required string Rule { get; init; }

    /// <summary>One sentence for an operator and the agent, e.g. <c>waiting for freeze:weekend to end</c>.</summary>
    public required string Reason { get; init; }

    /// <summary>When every freeze window covering the change has ended; null when none ends within a year.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>When the signed proof expires: past it, the change fails instead of running.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When the gate started holding the change.</summary>
    public required DateTimeOffset Since { get; init; }
}
