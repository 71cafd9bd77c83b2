using System.Text.Json.Nodes;

namespace McpGate.Core.Replay;

/// <summary>What verification observed, from the <c>verified</c> or <c>verification_failed</c> entry.</summary>
public sealed record TimelineVerification
{
    /// <summary><c>verified</c> or <c>verification_failed</c>.</summary>
    public required string Result { get; init; }

    public required DateTimeOffset At { get; init; }

    public string? Expect { get; init; }

    /// <summary>The probe's last word (cluster text).</summary>
    public string? Detail { get; init; }

    public string? Confidence { get; init; }

    /// <summary>The probe's facts, <c>[{name, value}]</c>.</summary>
    public JsonArray? Evidence { get; init; }

    public string? TimedOut { get; init; }

    /// <summary>Why it could not verify, when the proof check failed.</summary>
    public string? Reason { get; init; }

    public string? RollbackChangeId { get; init; }
}
