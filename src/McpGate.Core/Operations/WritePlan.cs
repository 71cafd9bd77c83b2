namespace McpGate.Core.Operations;

/// <summary>What a strategy will send for one tool call: its steps in order, each with what it observed.</summary>
public sealed record WritePlan
{
    /// <summary>The strategy's action (<c>operation.action</c>).</summary>
    public required string Action { get; init; }

    public required IReadOnlyList<PlannedStep> Steps { get; init; }

    /// <summary>A plan of one step on an object observed as <paramref name="observed"/> (null: absent).</summary>
    public static WritePlan OneStep(string action, WriteStep step, System.Text.Json.Nodes.JsonObject? observed) => new()
    {
        Action = action,
        Steps = [new PlannedStep { Step = step, Observed = observed }],
    };
}
