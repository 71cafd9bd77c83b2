using System.Text.Json.Nodes;

namespace McpGate.Core.Replay;

/// <summary>A <c>claim_taken_over</c> entry: recovery took the change from an executor that was gone.</summary>
public sealed record TimelineTakeover
{
    public required long Sequence { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The new holder.</summary>
    public JsonObject? Claim { get; init; }

    /// <summary>The previous holder and why it counted as gone (<c>gone</c>); null when the change was unclaimed.</summary>
    public JsonObject? TakenOver { get; init; }
}
