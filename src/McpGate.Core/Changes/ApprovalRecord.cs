namespace McpGate.Core.Changes;

/// <summary>An approval (or rejection) that the engine verified and counted.</summary>
public sealed record ApprovalRecord
{
    public required string Identity { get; init; }

    public required string KeyId { get; init; }

    public required string Decision { get; init; }

    public required DateTimeOffset At { get; init; }

    public string? Comment { get; init; }
}
