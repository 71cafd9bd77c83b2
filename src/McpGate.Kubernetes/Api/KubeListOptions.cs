namespace McpGate.Kubernetes.Api;

/// <summary>Query options of a LIST call; <see cref="Continue"/> is the token from the previous page's <c>metadata.continue</c>.</summary>
public sealed record KubeListOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    public int? Limit { get; init; }

    public string? Continue { get; init; }

    /// <summary>Serve the list at this resourceVersion or newer ("0": any cached state, cheapest).</summary>
    public string? ResourceVersion { get; init; }
}
