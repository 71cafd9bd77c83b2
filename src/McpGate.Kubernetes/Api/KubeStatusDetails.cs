namespace McpGate.Kubernetes.Api;

/// <summary><c>status.details</c>: which object the error is about.</summary>
public sealed record KubeStatusDetails
{
    public string? Name { get; init; }

    public string? Group { get; init; }

    public string? Kind { get; init; }

    public string? Uid { get; init; }

    public int? RetryAfterSeconds { get; init; }
}
