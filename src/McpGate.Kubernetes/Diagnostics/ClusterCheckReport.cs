using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Diagnostics;

/// <summary>What <c>mcpgate cluster check</c> found: connection, version, identity, permissions, warnings.</summary>
public sealed record ClusterCheckReport
{
    public required string Context { get; init; }

    public required string Server { get; init; }

    /// <summary>True when <c>/version</c> answered.</summary>
    public required bool Connected { get; init; }

    /// <summary><c>gitVersion</c> from <c>/version</c>, e.g. <c>v1.32.0</c>.</summary>
    public string? ServerVersion { get; init; }

    /// <summary>Which cluster this is (what proofs name); null when it could not be established (an error says why).</summary>
    public ClusterIdentity? Identity { get; init; }

    /// <summary>The user name from SelfSubjectReview; null when the cluster does not serve it (shown as unknown).</summary>
    public string? User { get; init; }

    public IReadOnlyList<string> Groups { get; init; } = [];

    public IReadOnlyList<ClusterAccessResult> Access { get; init; } = [];

    /// <summary>The credentials may do anything anywhere (<c>* * *</c>): cluster-admin.</summary>
    public bool ClusterAdmin { get; init; }

    /// <summary>What the credentials could read beyond the policy's read scope (see <see cref="ClusterCheck.BeyondReadScopeAsync"/>); warnings, not failures.</summary>
    public IReadOnlyList<string> BeyondReadScope { get; init; } = [];

    /// <summary>Findings that do not fail the check (broad credentials, unknown identity).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Findings that fail it (cannot connect, a required permission is missing).</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    public bool Succeeded => Connected && Errors.Count == 0;
}
