using System.Text.Json.Nodes;

namespace McpGate.Core.Reads;

/// <summary>A read's answer: a compact text the model reads first, and the full data as structured content.</summary>
public sealed record ReadResult
{
    /// <summary>Table-like text: a header line, one line per item, and notes (truncation, how to narrow).</summary>
    public required string Text { get; init; }

    /// <summary>Everything the text summarises, redacted the same way.</summary>
    public required JsonObject Data { get; init; }
}
