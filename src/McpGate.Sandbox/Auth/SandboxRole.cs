namespace McpGate.Sandbox.Auth;

/// <summary>The sandbox's two ClusterRoles, named as in Kubernetes' default RBAC.</summary>
internal enum SandboxRole
{
    /// <summary>Everything (ClusterRole cluster-admin).</summary>
    ClusterAdmin,

    /// <summary>get, list and watch on everything but secrets (ClusterRole view).</summary>
    View,
}
