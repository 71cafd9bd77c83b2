using System.Text.Json.Nodes;

namespace McpGate.Core.Replay;

/// <summary>One ledger entry of a change, with the time since the change's previous entry.</summary>
public sealed record TimelineStep
{
    public required long Sequence { get; init; }

    /// <summary>The entry's event type, as written (a state name, or <c>approval_submitted</c>, <c>claim_taken_over</c>...).</summary>
    public required string Event { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The transition's <c>from</c>, as written; null for events that are not transitions.</summary>
    public string? From { get; init; }

    /// <summary>The transition's <c>to</c>, as written.</summary>
    public string? To { get; init; }

    /// <summary>Milliseconds since the change's previous entry: how long this step took; null for the first.</summary>
    public long? AfterPreviousMs { get; init; }

    /// <summary>Milliseconds since the change's first entry.</summary>
    public required long SinceStartMs { get; init; }

    /// <summary>The entry's payload without signed envelopes (see <see cref="ChangeTimeline.Approvals"/> for their checks).</summary>
    public required JsonObject Payload { get; init; }

    public required string EntryHash { get; init; }
}
