namespace McpGate.Kubernetes.Api;

/// <summary>The query of a pod's <c>log</c> subresource.</summary>
public sealed record KubeLogOptions
{
    public string? Container { get; init; }

    public bool Previous { get; init; }

    public int? TailLines { get; init; }

    public int? SinceSeconds { get; init; }

    public int? LimitBytes { get; init; }
}
