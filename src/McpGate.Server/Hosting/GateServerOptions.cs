using McpGate.Core.Storage;

namespace McpGate.Server.Hosting;

/// <summary>How to start a gate: where its state, tools and policies are, and who the agent is.</summary>
public sealed record GateServerOptions
{
    public required DataDirectory DataDirectory { get; init; }

    public required string ManifestsPath { get; init; }

    public required string PoliciesPath { get; init; }

    /// <summary>Requester name recorded on changes; null uses the MCP client's name.</summary>
    public string? Agent { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
