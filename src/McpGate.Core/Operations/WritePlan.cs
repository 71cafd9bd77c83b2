namespace McpGate.Core.Operations;

/// <summary>What a strategy will send for one tool call: its steps in order, each with what it observed.</summary>
public sealed record WritePlan
{
    /// <summary>The strategy's action (<c>operation.action</c>).</summary>
    public required string Action { get; init; }

    public required IReadOnlyList<PlannedStep> Steps { get; init; }
}
