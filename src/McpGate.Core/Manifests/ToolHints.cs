namespace McpGate.Core.Manifests;

/// <summary>
/// MCP tool annotations derived from a manifest. Every hint is explicit because the MCP
/// SDK's defaults for unset hints are destructive and open-world.
/// </summary>
public sealed record ToolHints
{
    public required bool ReadOnly { get; init; }

    public required bool Destructive { get; init; }

    public required bool Idempotent { get; init; }

    public required bool OpenWorld { get; init; }
}
