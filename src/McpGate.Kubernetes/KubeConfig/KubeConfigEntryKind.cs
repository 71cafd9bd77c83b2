namespace McpGate.Kubernetes.KubeConfig;

/// <summary>The three lists of a kubeconfig.</summary>
public enum KubeConfigEntryKind
{
    Cluster,
    User,
    Context,
}
