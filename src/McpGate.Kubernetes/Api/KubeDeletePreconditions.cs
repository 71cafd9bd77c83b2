namespace McpGate.Kubernetes.Api;

/// <summary>DELETE only succeeds if the object still has this uid and/or resourceVersion (409 otherwise).</summary>
public sealed record KubeDeletePreconditions
{
    public string? Uid { get; init; }

    public string? ResourceVersion { get; init; }
}
