namespace McpGate.Core.Changes;

/// <summary>What the engine checks after executing, and within how long.</summary>
public sealed record VerifyRecord
{
    public required string Expect { get; init; }

    public required double TimeoutSeconds { get; init; }
}
