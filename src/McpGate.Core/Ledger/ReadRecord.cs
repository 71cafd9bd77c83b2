namespace McpGate.Core.Ledger;

/// <summary>
/// One call of a read tool, as the read log keeps it: beside the ledger's entries, not in the hash chain
/// (a read changes nothing, and chaining every read would grow the Merkle tree with each one). A record
/// whose <see cref="Dropped"/> is above zero is a marker: that many reads before it were not recorded.
/// </summary>
public sealed record ReadRecord
{
    /// <summary>The tool answered.</summary>
    public const string Ok = "ok";

    /// <summary>The tool answered with an error result (bad arguments, not found, refused by the read scope...).</summary>
    public const string Error = "error";

    /// <summary>The tool threw instead of answering (the MCP server turned it into an error).</summary>
    public const string Failed = "failed";

    /// <summary>The client cancelled the call, or the gate stopped, before it answered.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>A marker: <see cref="Dropped"/> reads were not recorded (the queue was full, or a write failed).</summary>
    public const string DroppedMarker = "dropped";

    /// <summary>The row id, ascending in the order recorded; 0 before the record is stored.</summary>
    public long Id { get; init; }

    /// <summary>When the call started, UTC, whole milliseconds.</summary>
    public required DateTimeOffset Time { get; init; }

    public required string Tool { get; init; }

    /// <summary>Who asked: the gate's configured agent, never what the client says it is.</summary>
    public required string Requester { get; init; }

    /// <summary>The call's arguments as canonical JSON (RFC 8785), with tokens and private keys cut out.</summary>
    public required string Arguments { get; init; }

    /// <summary>The size of the tool's result, in bytes of its JSON.</summary>
    public required long ResultSize { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary><see cref="Ok"/>, <see cref="Error"/>, <see cref="Failed"/>, <see cref="Cancelled"/> or <see cref="DroppedMarker"/>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The first line of the error the agent was told (at most 300 characters); null when it answered.</summary>
    public string? ErrorText { get; init; }

    /// <summary>On a marker, how many reads were not recorded; 0 otherwise.</summary>
    public long Dropped { get; init; }
}
