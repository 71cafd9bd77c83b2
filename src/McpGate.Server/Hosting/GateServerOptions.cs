using McpGate.Core.Storage;

namespace McpGate.Server.Hosting;

/// <summary>How to start a gate: where its state, tools and policies are, and who the agent is.</summary>
public sealed record GateServerOptions
{
    public required DataDirectory DataDirectory { get; init; }

    public required string ManifestsPath { get; init; }

    public required string PoliciesPath { get; init; }

    /// <summary>
    /// Requester name recorded on changes. Set by the operator, never taken from the MCP client:
    /// policy rules match it and the requester can never approve.
    /// </summary>
    public string Agent { get; init; } = DefaultAgent;

    public const string DefaultAgent = "mcp-agent";

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// True for <c>serve --attach</c>: this gate proposes into the data directory but never settles or
    /// executes a change; the long-running gate serving the directory (<c>serve --service</c>) does.
    /// </summary>
    public bool Attached { get; init; }

    /// <summary>The kubeconfig's contexts without credentials, for <c>contexts_list</c>; null: only the one in use, by name.</summary>
    public IReadOnlyList<McpGate.Core.Cluster.ClusterContext>? Contexts { get; init; }

    /// <summary>
    /// The manifests and policy the caller already loaded from <see cref="ManifestsPath"/> and
    /// <see cref="PoliciesPath"/> with <see cref="GateRuntime.LoadConfiguration"/> (as <c>serve</c> does, to
    /// report a bad file before anything starts); null: the runtime loads them.
    /// </summary>
    public (McpGate.Core.Manifests.ManifestSet Manifests, McpGate.Core.Policy.PolicySet Policy)? Configuration { get; init; }

    /// <summary>How notifications are polled and retried (tests shorten the waits).</summary>
    public Notifications.NotificationOptions Notifications { get; init; } = new();
}
