using System.Text.Json.Nodes;

namespace McpGate.Core.Replay;

/// <summary>The change's execution: the claim of the executor that started it and the state it left.</summary>
public sealed record TimelineExecution
{
    /// <summary>The <c>executing</c> entry's time.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The executor that claimed the change (instance, host, pid, processStart, leaseExpires).</summary>
    public JsonObject? Claim { get; init; }

    /// <summary>The <c>executed</c> entry's time; null when the write was never recorded.</summary>
    public DateTimeOffset? ExecutedAt { get; init; }

    /// <summary>The target's resourceVersion after the write: the state after.</summary>
    public string? ResultResourceVersion { get; init; }

    /// <summary>True when recovery found the write already applied (the outcome of the write had been unknown).</summary>
    public bool Reconciled { get; init; }
}
