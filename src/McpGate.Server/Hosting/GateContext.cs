using McpGate.Core.Cluster;
using McpGate.Core.Engine;
using McpGate.Core.Manifests;
using McpGate.Core.Policy;
using McpGate.Core.Storage;

namespace McpGate.Server.Hosting;

/// <summary>Everything the MCP tools need, built once at start.</summary>
public sealed class GateContext
{
    public required ManifestSet Manifests { get; init; }

    public required IClusterPort Cluster { get; init; }

    public required ChangeEngine Engine { get; init; }

    public required DataDirectory DataDirectory { get; init; }

    /// <summary>The requester recorded on changes (--agent); policy rules match it, and it can never approve.</summary>
    public required string Agent { get; init; }

    /// <summary>What the agent may read (the policy's <c>readScope</c>); enforced below every read tool.</summary>
    public ReadScope ReadScope { get; init; } = ReadScope.Unrestricted;

    /// <summary>
    /// The kubeconfig's contexts, credentials left out, for <c>contexts_list</c>; when not given, the one
    /// context the gate uses, by name only.
    /// </summary>
    public IReadOnlyList<ClusterContext> Contexts { get; init; } = [];

    /// <summary>Where read tool calls are recorded; null when the policy turns recording off (<c>audit.recordReads: false</c>).</summary>
    public ReadLog? ReadLog { get; init; }

    /// <summary>Sends <c>notifiers.yaml</c>'s notifications; null on an attached gate and when the file is absent or lists none.</summary>
    public Notifications.NotificationDispatcher? Notifications { get; init; }

    /// <summary>The policy files the gate loaded (never <c>tokens.yaml</c>), served as <c>mcpgate://policies/{name}</c>.</summary>
    public IReadOnlyList<PolicySource> Policies { get; init; } = [];

    /// <summary>The clock read tools show ages against.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How operators invoke the CLI, for the approve command shown to the agent.</summary>
    public string CliName { get; init; } = "mcpgate";
}
