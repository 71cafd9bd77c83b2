using System.Text.Json.Nodes;

namespace McpGate.Core.Operations;

/// <summary>A step to send and the object it acts on as read while planning (null: absent).</summary>
public sealed record PlannedStep
{
    public required WriteStep Step { get; init; }

    public required JsonObject? Observed { get; init; }
}
