using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Hosting;

/// <summary>
/// A read tool call as the read path hands it to <see cref="ReadLog"/>: references only, nothing
/// serialized or measured yet. The writer turns it into a <see cref="Core.Ledger.ReadRecord"/> off the read path.
/// </summary>
internal sealed record PendingRead
{
    public required DateTimeOffset Time { get; init; }

    public required string Tool { get; init; }

    public required string Requester { get; init; }

    /// <summary>The arguments as the client sent them; null when it sent none.</summary>
    public IDictionary<string, JsonElement>? Arguments { get; init; }

    /// <summary>The tool's result; null when it threw.</summary>
    public CallToolResult? Result { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>Set when the tool threw: <see cref="Core.Ledger.ReadRecord.Failed"/> or <see cref="Core.Ledger.ReadRecord.Cancelled"/>.</summary>
    public string? ThrownOutcome { get; init; }

    /// <summary>The exception's message when the tool threw.</summary>
    public string? ThrownMessage { get; init; }
}
